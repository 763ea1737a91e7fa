package io.vestnik.cache;

import io.vestnik.metrics.Metrics;
import io.vestnik.store.ChatStore;
import io.vestnik.store.MessageStore;

/** Storage's chat and message stores behind one chat cache; what the rest of the node reads through. */
public record CachedStores(ChatStore chats, MessageStore messages) {

    public static CachedStores over(ChatStore chats, MessageStore messages, ChatCache cache, Metrics metrics) {
        ChatEntries entries = new ChatEntries(chats, messages, cache, metrics);
        return new CachedStores(new CachedChatStore(chats, entries), new CachedMessageStore(messages, entries));
    }
}
