package io.vestnik.cache;

import io.vestnik.domain.Chat;
import io.vestnik.domain.Message;
import io.vestnik.metrics.Metrics;
import io.vestnik.store.ChatStore;
import io.vestnik.store.MessageStore;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The one place that decides whether a cached entry may be used, shared by {@link CachedChatStore}
 * and {@link CachedMessageStore}.
 *
 * <p><b>Validated reads.</b> Every read first asks storage for the chat's version (one primary-key
 * lookup) and uses the cached entry only when it carries that version. Otherwise the entry is
 * rebuilt from storage — the chat, then its latest {@link #WINDOW} messages in seq order — and
 * tagged with the version read <em>before</em> loading, so a write racing the rebuild leaves an
 * entry that looks stale, never one that looks current but is not. Hence a cache that lost an
 * entry, kept an old one, missed a write-through or never heard of another node's write can cost
 * a miss but never make a reader see a lost, duplicated, reordered or outdated message.
 *
 * <p><b>Write-through.</b> After a write, the entry is changed in place only when it provably
 * holds the state just before that write (see each {@code after*} method); otherwise it is
 * removed. Thread-safe; blocking (storage and perhaps Redis).
 */
final class ChatEntries {
    /** How many of a chat's latest messages an entry holds: a default history page (50 + 1) fits. */
    static final int WINDOW = 100;

    private final ChatStore chats;
    private final MessageStore messages;
    private final ChatCache cache;
    private final Metrics metrics;

    ChatEntries(ChatStore chats, MessageStore messages, ChatCache cache, Metrics metrics) {
        this.chats = chats;
        this.messages = messages;
        this.cache = cache;
        this.metrics = metrics;
    }

    /** An entry valid at storage's current version; {@code cached} says whether the cache had it. */
    record Lookup(ChatEntry entry, boolean cached) {}

    /** Empty for an unknown chat. */
    Optional<Lookup> lookup(long chatId) {
        long version = chats.version(chatId);
        if (version < 0) return Optional.empty();
        Optional<ChatEntry> cached = cache.get(chatId).filter(e -> e.version() == version);
        if (cached.isPresent()) return Optional.of(new Lookup(cached.get(), true));
        return rebuild(chatId, version).map(entry -> new Lookup(entry, false));
    }

    private Optional<ChatEntry> rebuild(long chatId, long version) {
        Optional<Chat> chat = chats.find(chatId);
        if (chat.isEmpty()) return Optional.empty();
        List<Message> latest = messages.before(chatId, Long.MAX_VALUE, WINDOW);
        ChatEntry entry = new ChatEntry(version, chat.get(), latest);
        cache.put(entry);
        return Optional.of(entry);
    }

    void hit(String kind, int queriesSaved) {
        metrics.cacheHit(kind, queriesSaved);
    }

    void miss(String kind) {
        metrics.cacheMiss(kind);
    }

    /**
     * After {@code message} was appended, which left the chat at version {@code appendedAt} (storage says so,
     * no need to ask). An entry one version behind whose last seq is just below the message's
     * cannot already hold it, so it was built before the append, which is therefore the one change
     * between its version and {@code appendedAt}. {@code threadRoot}: the root whose thread summary
     * the same commit moved, or null.
     */
    void afterAppend(Message message, Message threadRoot, long appendedAt) {
        afterChange(message.chatId(), appendedAt, entry -> entry.lastSeq() == message.seq() - 1,
                (entry, version) -> entry.withAppended(version, message, threadRoot, WINDOW));
    }

    /**
     * After a user's read position moved to {@code position}. Positions only grow, so the same
     * reasoning as for appends holds: an entry one behind that still shows a lower position
     * predates the move, and the move is the one change since.
     */
    void afterRead(long chatId, long userId, long position) {
        afterChange(chatId, chats.version(chatId), entry -> entry.chat().hasMember(userId) && entry.chat().member(userId).lastReadSeq() < position,
                (entry, version) -> entry.withReadPosition(version, userId, position));
    }

    /**
     * After an edit or delete that storage reported as done, bracketed by {@code before}, the
     * version read just before the write. An edit is not monotonic (a later edit may hold any
     * body), so only "exactly one change since {@code before}, and we made one" proves the entry
     * at {@code before} is one change away from now.
     */
    void afterRewrite(long before, Message message) {
        long now = chats.version(message.chatId());
        Optional<ChatEntry> entry = cache.get(message.chatId());
        if (entry.isEmpty() || entry.get().version() == now) return;
        ChatEntry changed = now == before + 1 && entry.get().version() == before
                ? entry.get().withReplaced(now, message) : null;
        store(message.chatId(), changed);
    }

    /** After a change the entry is not updated for (members joining or leaving: rare). */
    void invalidate(long chatId) {
        cache.remove(chatId);
    }

    long version(long chatId) {
        return chats.version(chatId);
    }

    private interface Change {
        ChatEntry apply(ChatEntry entry, long version);
    }

    /** {@code now}: the chat's version read after the change, or the one the change produced. */
    private void afterChange(long chatId, long now, Predicate<ChatEntry> predatesChange, Change change) {
        Optional<ChatEntry> entry = cache.get(chatId);
        // An entry at a later version was loaded or updated after this change, so it holds it.
        if (entry.isEmpty() || entry.get().version() >= now) return;
        boolean oneBehind = entry.get().version() == now - 1 && predatesChange.test(entry.get());
        store(chatId, oneBehind ? change.apply(entry.get(), now) : null);
    }

    private void store(long chatId, ChatEntry changed) {
        if (changed == null) cache.remove(chatId);
        else cache.put(changed);
    }
}
