package io.vestnik.store.sql;

import io.vestnik.store.MessageStore.Appended;
import io.vestnik.store.MessageStore.NewMessage;
import io.vestnik.store.MessageStore.Refused;
import io.vestnik.store.StorageMeters;
import io.vestnik.store.StorageUnavailable;
import io.vestnik.store.sql.AppendBatch.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends that arrive together are written in one transaction: one commit (one fsync) for many
 * messages. Each chat belongs to one of a few lanes; a lane is a queue and one thread that takes
 * whatever queued while its previous transaction ran (at most {@link #MAX_BATCH}; when idle, a lone
 * append goes at once, nothing waits for company) and appends it in one transaction: plain appends
 * with a few statements for all of them ({@link AppendBatch}), the others one by one
 * ({@link MessageAppend#in}), in order.
 *
 * <p>What each caller still gets, as if alone:
 * <ul>
 *   <li>Order: a chat's appends run in the order they were queued (one lane per chat, batches run
 *       in queue order), so its seqs are assigned in arrival order, gapless.
 *   <li>Durability: {@link #append} returns only after the transaction holding its message committed.
 *   <li>Idempotency: the appends of a batch see each other, so a clientId twice in one batch
 *       returns the first message, as a clientId already stored does.
 *   <li>Isolation of failures: a refused append is refused before it writes anything, so only it
 *       fails. Any other failure rolls the batch back and its appends run again one transaction
 *       each, so the one at fault fails alone. An outage fails every caller of the batch with it
 *       (nothing was committed, or nothing is known to have been: no retry).
 * </ul>
 * A transaction takes chat rows in ascending chat id, so batches of different lanes or nodes do
 * not deadlock on them. Thread-safe; {@link #append} blocks.
 */
final class GroupCommit implements AutoCloseable {
    /** Bounds one transaction's length, hence the latency of the first append in it. */
    static final int MAX_BATCH = 128;
    private static final long STOP_WAIT_SECONDS = 10;
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private final Db db;
    private final StorageMeters meters;
    private final List<Lane> lanes = new ArrayList<>();

    GroupCommit(Db db, int lanes, StorageMeters meters) {
        this.db = db;
        this.meters = meters;
        for (int i = 0; i < lanes; i++) this.lanes.add(new Lane(i));
    }

    /** As {@link io.vestnik.store.MessageStore#appendQueued}. */
    CompletableFuture<Appended> submit(NewMessage message) {
        return lanes.get(Math.floorMod(message.chatId(), lanes.size())).submit(message);
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
                    commitSurviving(batch);
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

        /** A lane that died would fail its chats' appends until a restart: an error fails its batch only. */
        private void commitSurviving(List<Pending> batch) {
            try {
                commit(batch);
            } catch (Error error) {
                log.error("A batch of {} appends failed", batch.size(), error);
                batch.forEach(p -> p.done().completeExceptionally(error));
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
        List<Outcome> outcomes;
        try {
            long start = System.nanoTime();
            outcomes = db.write(h -> announced(h, outcomes(db, h, inLockOrder.stream().map(Pending::message).toList())));
            meters.committed(batch.size(), System.nanoTime() - start);
        } catch (RuntimeException failure) {
            if (StorageUnavailable.causes(failure)) {
                batch.forEach(p -> p.done().completeExceptionally(failure));
            } else {
                // Worth seeing in the log: should this happen often, the batches are not saving anything.
                log.warn("A batch of {} appends failed ({}); appending them one by one", batch.size(), failure.toString());
                inLockOrder.forEach(this::alone);
            }
            return;
        }
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome outcome = outcomes.get(i);
            if (outcome.refused() != null) inLockOrder.get(i).done().completeExceptionally(outcome.refused());
            else inLockOrder.get(i).done().complete(outcome.appended());
        }
    }

    /** Runs of plain appends go together ({@link AppendBatch}); any other append goes on its own, in its place. */
    private static List<Outcome> outcomes(Db db, Handle h, List<NewMessage> messages) {
        List<Outcome> outcomes = new ArrayList<>(messages.size());
        int start = 0;
        while (start < messages.size()) {
            int end = start;
            while (end < messages.size() && AppendBatch.plain(messages.get(end))) end++;
            if (end > start) {
                outcomes.addAll(AppendBatch.in(h, db.dialect(), messages.subList(start, end)));
                start = end;
            } else {
                outcomes.add(one(db, h, messages.get(start++)));
            }
        }
        return outcomes;
    }

    /** The batch's new messages go into the webhook outbox in its transaction: committed with them or not at all. */
    private static List<Outcome> announced(Handle h, List<Outcome> outcomes) {
        Outbox.created(h, outcomes.stream().filter(o -> o.appended() != null && o.appended().created())
                .map(o -> o.appended().message()).toList());
        return outcomes;
    }

    private static Outcome one(Db db, Handle h, NewMessage message) {
        try {
            return new Outcome(MessageAppend.in(db, h, message), null);
        } catch (Refused refused) {
            return new Outcome(null, refused);
        }
    }

    private void alone(Pending p) {
        try {
            p.done().complete(MessageAppend.alone(db, p.message()));
        } catch (RuntimeException failure) {
            p.done().completeExceptionally(failure);
        }
    }
}
