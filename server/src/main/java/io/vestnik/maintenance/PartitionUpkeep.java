package io.vestnik.maintenance;

import io.vestnik.store.MessagePartitions;
import io.vestnik.store.MessagePartitions.Phase;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the PostgreSQL messages table partitioned (decision 0035): converts a table an earlier
 * version left unpartitioned, online, in batches of {@link #BATCH} rows; then, every pass, makes
 * the partitions of the current interval and the next two. Retention drops partitions in
 * {@link Cleanup}.
 *
 * <p>Every node that runs jobs runs this; storage serialises the steps on an advisory lock, so
 * nodes take turns and a node stopping mid-way leaves nothing half done. The swap waits
 * {@link #SETTLE} after the copy began: a node of the previous version (whose appends name the
 * unpartitioned table's unique keys) should be gone by then in a rolling upgrade.
 *
 * <p>Threading: passes run on one daemon thread of this instance; {@link #runOnce} may also be
 * called directly (tests). A failing pass is logged and the next one runs as scheduled.
 */
public final class PartitionUpkeep implements AutoCloseable {
    static final int BATCH = 1_000;
    static final Duration SETTLE = Duration.ofMinutes(15);
    /** Partitions exist two intervals ahead, so a pass every few minutes has days of slack. */
    private static final Duration EVERY = Duration.ofMinutes(5);
    private static final Duration FIRST_PASS = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(PartitionUpkeep.class);

    private final MessagePartitions partitions;
    private final Clock clock;
    private final JobThread thread = new JobThread("partition-upkeep");
    private volatile boolean closed;

    public PartitionUpkeep(MessagePartitions partitions, Clock clock) {
        this.partitions = partitions;
        this.clock = clock;
    }

    public PartitionUpkeep start() {
        thread.every(FIRST_PASS, EVERY, this::pass);
        return this;
    }

    private void pass() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.warn("partition upkeep failed, next try in {}: {}", EVERY, e.toString());
        }
    }

    /** Converts as far as it can now, then makes the partitions ahead; returns the phase reached. */
    public Phase runOnce() {
        Phase phase = partitions.phase();
        while ((phase == Phase.UNPARTITIONED || phase == Phase.COPYING) && !closed) phase = step();
        if (phase == Phase.COPIED) phase = step();
        List<String> created = partitions.createAhead(clock.instant());
        if (!created.isEmpty()) log.info("created message partitions {}", created);
        return phase;
    }

    private Phase step() {
        Phase phase = partitions.convertStep(clock.instant(), SETTLE, BATCH);
        if (phase == Phase.PARTITIONED) log.info("messages table partitioned; drop messages_unpartitioned once backed up");
        return phase;
    }

    @Override
    public void close() {
        closed = true;
        thread.close();
    }
}
