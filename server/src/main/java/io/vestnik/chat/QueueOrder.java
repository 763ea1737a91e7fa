package io.vestnik.chat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Runs what follows each append of a chat (its publish) in the order the appends were queued,
 * which is the order of their seqs. Storage completes a chat's appends in order, but what follows
 * runs on whichever thread completes it — a cache write-through's, or the sender's own when the
 * append was done before it attached — so two of one chat could otherwise publish at once, in
 * either order, and every feed would fetch the seq it saw skipped. Thread-safe.
 */
final class QueueOrder {
    private static final Executor STEPS = Executors.newVirtualThreadPerTaskExecutor();
    /** Per chat with a step still to run: the last one queued, complete once it ran. */
    private final Map<Long, CompletableFuture<Void>> last = new ConcurrentHashMap<>();

    /**
     * Queues {@code append}, then runs {@code then} on its outcome once the chat's earlier steps
     * ran. The returned future completes with what {@code then} returns, or fails with what it
     * throws.
     */
    <T, R> CompletableFuture<R> append(long chatId, Supplier<CompletableFuture<T>> append,
                                       BiFunction<? super T, Throwable, R> then) {
        CompletableFuture<Void> ran = new CompletableFuture<>();
        CompletableFuture<T> appended;
        CompletableFuture<Void> previous;
        // Queuing the append is quick (it joins the lane's queue): holding the lock makes this
        // chat's order of steps the order of its appends.
        synchronized (this) {
            appended = append.get();
            previous = last.put(chatId, ran);
        }
        CompletableFuture<?> ready = previous == null ? appended : CompletableFuture.allOf(previous, appended);
        // On a thread of its own: run where the previous step completes, a burst of a chat's steps
        // would each start the next one, deeper and deeper in one stack.
        CompletableFuture<R> result = ready.handleAsync((ignored, failure) -> appended.handle(then), STEPS)
                .thenCompose(step -> step);
        result.whenComplete((value, failure) -> {
            last.remove(chatId, ran);
            ran.complete(null);
        });
        return result;
    }
}
