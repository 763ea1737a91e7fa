package io.vestnik.store;

import io.vestnik.domain.Change;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Each chat's change log (decision 0029): the durable, numbered record of every change to the
 * chat's messages or to the chat, which connections replay after the number they last saw.
 * Thread-safe; blocking.
 *
 * <p>Changes are not written through this role: each store writes its own change in the
 * transaction that makes it (in {@code store/sql}, {@code ChangeLog.append}), so a change and its
 * log entry commit or roll back together, the chat's counter row orders concurrent changes on any
 * number of nodes, and numbers are 1, 2, 3, … with no gap and no reuse. Numbers are taken in
 * commit order: a reader that sees number n has every change up to n in storage.
 */
public interface ChangeStore {

    /**
     * Hears of every change this node commits, once, after its commit, on the committing thread,
     * in the chat's number order per chat. Set once, before the stores are used; the default
     * does nothing. The listener must not throw or block for long: it publishes.
     */
    void onCommitted(Consumer<Change> listener);

    /** Up to {@code limit} of the chat's changes after {@code afterNumber}, in number order. */
    List<Change> after(long chatId, long afterNumber, int limit);

    /** The last change number of each of the user's chats (0 for a chat without changes). */
    Map<Long, Long> lastNumbers(long userId);

    /** The chat's last change number; 0 before its first change. */
    long lastNumber(long chatId);

    /**
     * Removes up to {@code limit} changes made before {@code before}; returns how many. The
     * counters stay, so numbers are never reused.
     */
    int deleteOlderThan(Instant before, int limit);
}
