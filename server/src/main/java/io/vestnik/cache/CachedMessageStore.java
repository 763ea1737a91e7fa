package io.vestnik.cache;

import io.vestnik.domain.Message;
import io.vestnik.store.MessageStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@link MessageStore} that answers {@link #find}, {@link #before} and {@link #after} from the
 * chat cache when the chat's entry is current (see {@link ChatEntries}) and the asked range lies
 * inside its window of latest messages; older history and search go to storage. Appends, edits
 * and deletes go to storage first (which alone assigns seqs and commits), then through to the
 * cache. Thread-safe; blocking.
 */
public final class CachedMessageStore implements MessageStore {
    private static final java.util.concurrent.Executor WRITE_THROUGH = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
    private final MessageStore storage;
    private final ChatEntries entries;

    CachedMessageStore(MessageStore storage, ChatEntries entries) {
        this.storage = storage;
        this.entries = entries;
    }

    @Override
    public Optional<Message> find(long chatId, long seq) {
        Optional<Message> found = cached(chatId, entry -> entry.find(seq), Optional::isPresent);
        return found != null ? found : storage.find(chatId, seq);
    }

    @Override
    public List<Message> before(long chatId, long beforeSeq, int limit) {
        List<Message> page = cached(chatId, entry -> entry.before(beforeSeq, limit), list -> !list.isEmpty());
        return page != null ? page : storage.before(chatId, beforeSeq, limit);
    }

    @Override
    public List<Message> after(long chatId, long afterSeq, int limit) {
        List<Message> page = cached(chatId, entry -> entry.after(afterSeq, limit), list -> !list.isEmpty());
        return page != null ? page : storage.after(chatId, afterSeq, limit);
    }

    /**
     * The answer from a current entry, or null when storage must answer. A hit saves the message
     * query, plus the attachments query when there were messages to fill in.
     */
    private <T> T cached(long chatId, Function<ChatEntry, T> read, java.util.function.Predicate<T> filledIn) {
        Optional<ChatEntries.Lookup> lookup = entries.lookup(chatId);
        T answer = lookup.map(l -> read.apply(l.entry())).orElse(null);
        if (answer != null && lookup.get().cached()) entries.hit("messages", filledIn.test(answer) ? 2 : 1);
        else entries.miss("messages");
        return answer;
    }

    @Override
    public java.util.concurrent.CompletableFuture<Appended> appendQueued(NewMessage message) {
        // Off the storage's commit thread: a Redis cache's write-through is a network round trip.
        return storage.appendQueued(message).thenApplyAsync(appended -> {
            if (appended.created()) entries.afterAppend(appended.message(), appended.chatVersion());
            return appended;
        }, WRITE_THROUGH);
    }

    @Override
    public Optional<Message> edit(long chatId, long seq, String body, Instant now) {
        long before = entries.version(chatId);
        Optional<Message> edited = storage.edit(chatId, seq, body, now);
        edited.ifPresent(m -> entries.afterRewrite(before, m));
        return edited;
    }

    @Override
    public Optional<Message> delete(long chatId, long seq, Long deletedBy, Instant now) {
        long before = entries.version(chatId);
        Optional<Message> tombstone = storage.delete(chatId, seq, deletedBy, now);
        tombstone.ifPresent(m -> entries.afterRewrite(before, m));
        return tombstone;
    }

    @Override
    public List<Message> search(SearchQuery query) {
        return storage.search(query);
    }

    /** Storage moves each affected chat's version, which alone retires the entries that held the removed messages. */
    @Override
    public int deleteOlderThan(Instant before, int limit) {
        return storage.deleteOlderThan(before, limit);
    }
}
