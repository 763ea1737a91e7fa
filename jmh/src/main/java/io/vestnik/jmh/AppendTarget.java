package io.vestnik.jmh;

import io.vestnik.domain.ChatKind;
import io.vestnik.store.ChatStore;
import io.vestnik.store.MessageStore.NewMessage;
import io.vestnik.store.Storage;
import java.time.Instant;
import java.util.List;

/**
 * What the append benchmarks send: one user, a member of {@code chats} group chats of their own,
 * and their n-th message, round-robin over the chats, each with a client id of its own (so none
 * is a retry).
 */
final class AppendTarget {
    private final long senderId;
    private final long[] chatIds;

    private AppendTarget(long senderId, long[] chatIds) {
        this.senderId = senderId;
        this.chatIds = chatIds;
    }

    static AppendTarget create(Storage storage, int chats) {
        Instant now = Instant.now();
        long senderId = storage.users().create("jmh-sender", "JMH", "not-a-hash", now).orElseThrow().id();
        long[] chatIds = new long[chats];
        for (int i = 0; i < chats; i++) {
            var chat = new ChatStore.NewChat(ChatKind.GROUP, "jmh " + i, null, senderId, List.of(), null);
            chatIds[i] = storage.chats().create(chat, now).chat().id();
        }
        return new AppendTarget(senderId, chatIds);
    }

    /** Which of the chats (0 to chats - 1) the n-th message goes to. */
    int chatOf(long n) {
        return (int) (n % chatIds.length);
    }

    NewMessage message(long n) {
        return new NewMessage(chatIds[chatOf(n)], senderId, "jmh-" + n, SampleMessage.BODY, null, null, List.of(),
                Instant.now());
    }
}
