package io.vestnik.store.sql;

import io.vestnik.store.MessageStore.Appended;
import io.vestnik.store.MessageStore.NewMessage;
import io.vestnik.store.MessageStore.Refused;
import io.vestnik.store.StorageUnavailable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Appends that arrive together are written in one transaction: one commit (one fsync) for many
 * messages. Each chat belongs to one of a few lanes; a lane is a queue and one thread that takes
 * whatever queued while its previous transaction ran (at most {@link #MAX_BATCH}; when idle, a lone
 * append goes at once, nothing waits for company) and appends it in one transaction.
 *
 * <p>What each caller still gets, as if alone:
 * <ul>
 *   <li>Order: a chat's appends run in the order they were queued (one lane per chat, batches run
 *       in queue order), so its seqs are assigned in arrival order, gapless.
 *   <li>Durability: {@link #append} returns only after the transaction holding its message committed.
 *   <li>Idempotency: a batch runs its appends one after another in one transaction, each seeing the
 *       ones before it, so a clientId twice in one batch returns the first message.
 *   <li>Isolation of failures: a refused append is refused before it writes anything, so only it
 *       fails. Any other failure rolls the batch back and its appends run again one transaction
 *       each, so the one at fault fails alone. An outage fails every caller of the batch with it
 *       (nothing was committed, or nothing is known to have been: no retry).
 * </ul>
 * Within a transaction appends take chat rows in ascending chat id, so batches of different lanes
 * or nodes never deadlock on each other. Thread-safe; {@link #append} blocks.
 */
final class GroupCommit implements AutoCloseable {
    /** Bounds one transaction's length, hence the latency of the first append in it. */
    static final int MAX_BATCH = 128;
    private static final long STOP_WAIT_SECONDS = 10;

    private final Db db;
    private final List<Lane> lanes = new ArrayList<>();

    GroupCommit(Db db, int lanes) {
        this.db = db;
        for (int i = 0; i < lanes; i++) this.lanes.add(new Lane(i));
    }

    /** As {@link io.vestnik.store.MessageStore#append}; throws what the append alone would. */
    Appended append(NewMessage message) {
        Lane lane = lanes.get(Math.floorMod(message.chatId(), lanes.size()));
        try {
            return lane.submit(message).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) throw failure;
            throw e;
        }
    }

    /** Commits what is queued, then stops; appends after this fail. */
    @Override
    public void close() {
        lanes.forEach(Lane::stop);
        for (Lane lane : lanes) {
            try {
                lane.thread.join(TimeUnit.SECONDS.toMillis(STOP_WAIT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private record Pending(NewMessage message, CompletableFuture<Appended> done) {}

    private static final Pending STOP = new Pending(null, null);

    private final class Lane {
        private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
        private final Thread thread;
        private volatile boolean stopped;

        Lane(int number) {
            thread = Thread.ofPlatform().daemon().name("vestnik-group-commit-" + number).start(this::run);
        }

        CompletableFuture<Appended> submit(NewMessage message) {
            Pending pending = new Pending(message, new CompletableFuture<>());
            queue.add(pending);
            if (stopped) failQueued();
            return pending.done();
        }

        void stop() {
            queue.add(STOP);
        }

        private void run() {
            List<Pending> batch = new ArrayList<>(MAX_BATCH);
            try {
                while (true) {
                    batch.add(queue.take());
                    queue.drainTo(batch, MAX_BATCH - 1);
                    boolean stopping = batch.remove(STOP);
                    commit(batch);
                    if (stopping) return;
                    batch.clear();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stopped = true;
                failQueued();
            }
        }

        private void failQueued() {
            for (Pending p; (p = queue.poll()) != null; ) {
                if (p != STOP) p.done().completeExceptionally(new IllegalStateException("Storage is closed"));
            }
        }
    }

    private void commit(List<Pending> batch) {
        if (batch.isEmpty()) return;
        List<Pending> inLockOrder = batch.stream().sorted(Comparator.comparingLong(p -> p.message().chatId())).toList();
        List<Runnable> completions;
        try {
            completions = db.write(h -> {
                List<Runnable> outcomes = new ArrayList<>(inLockOrder.size());
                for (Pending p : inLockOrder) {
                    try {
                        Appended appended = MessageAppend.in(h, p.message());
                        outcomes.add(() -> p.done().complete(appended));
                    } catch (Refused refused) {
                        outcomes.add(() -> p.done().completeExceptionally(refused));
                    }
                }
                return outcomes;
            });
        } catch (RuntimeException failure) {
            if (StorageUnavailable.causes(failure)) batch.forEach(p -> p.done().completeExceptionally(failure));
            else inLockOrder.forEach(this::alone);
            return;
        }
        completions.forEach(Runnable::run);
    }

    private void alone(Pending p) {
        try {
            p.done().complete(MessageAppend.alone(db, p.message()));
        } catch (RuntimeException failure) {
            p.done().completeExceptionally(failure);
        }
    }
}
