package io.vestnik.store;

import io.vestnik.config.PartitionInterval;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The PostgreSQL messages table partitioned by {@code created_at} (decision 0035), and its online
 * conversion from the unpartitioned table earlier versions created. SQLite has no partitions.
 *
 * <p><b>Conversion.</b> {@link #convertStep} moves through {@link Phase} one short transaction at a
 * time: it installs a trigger that mirrors every write of {@code messages} into the partitioned
 * twin, copies the rows that existed before the trigger in batches of ascending id, and, once every
 * row is copied and {@code settle} has passed since the trigger went in, swaps the two tables in
 * one brief exclusive lock. Writes continue throughout; none is lost or doubled, ids and seqs are
 * kept. Every step is idempotent and serialised across nodes by an advisory lock, so any number of
 * nodes may call it.
 *
 * <p><b>Upkeep.</b> Partitions cover whole {@link PartitionInterval}s; {@link #createAhead} keeps
 * the current one and the next two in place. A row whose time no partition covers (the upkeep did
 * not run, or a clock far off) lands in the default partition; creating the partition for its
 * time moves it there, and retention removes default rows one by one ({@link #deleteStrayOlderThan}).
 *
 * <p>Thread-safety: every method may be called from any thread; each runs its own transactions.
 */
public interface MessagePartitions {

    enum Phase {
        /** The messages table is a plain table; nothing has started. */
        UNPARTITIONED,
        /** Writes are mirrored into the partitioned twin while existing rows are copied. */
        COPYING,
        /** Every existing row is copied, writes are still mirrored; the swap waits for {@code settle}. */
        COPIED,
        /** The messages table is partitioned. */
        PARTITIONED
    }

    Phase phase();

    /** One step of the conversion (see above); returns the phase after it. Nothing once partitioned. */
    Phase convertStep(Instant now, Duration settle, int batch);

    /** Creates any missing partition from the last one (or now) through two intervals past now; returns their names. */
    List<String> createAhead(Instant now);

    /**
     * Drops every partition that ends at or before {@code before}, each in one transaction with its
     * messages' attachments, pins and reactions, moving the version of every chat it held (caches
     * never serve a dropped message). Returns the messages removed. Only once {@link Phase#PARTITIONED}.
     */
    long dropBefore(Instant before);

    /** Deletes up to {@code limit} rows of the default partition older than {@code before}; returns how many. */
    int deleteStrayOlderThan(Instant before, int limit);

    /** The partitions' names in time order, the default one last. */
    List<String> names();
}
