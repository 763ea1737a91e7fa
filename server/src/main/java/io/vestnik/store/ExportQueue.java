package io.vestnik.store;

import io.vestnik.domain.ExportEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The export outbox (decision 0034), as exporters see it. Once a target is {@link #register}ed,
 * the stores write one row for it with every change that causes an event, in the change's own
 * transaction: an event is kept for the target if and only if its change committed. Rows stay
 * until {@link #exported}; the rows left are the target's position. Thread-safe; blocking; shared
 * by every node.
 *
 * <p><b>Order.</b> {@link #pending} returns a target's rows in id order, and one stream's (a
 * chat's) rows take ids in the order their changes committed (every change locks its chat row
 * first). Rows of different streams may commit out of id order; a row that commits late simply
 * appears in a later call.
 *
 * <p><b>One exporter per target.</b> {@link #lease} lets one owner at a time, on any node, export a
 * target; a dead owner's lease expires and another takes over from the rows left.
 */
public interface ExportQueue {

    /** What is still to export for a target: how many events, and when the oldest was written (null when none). */
    record Backlog(long events, Instant oldest) {}

    /** From now on every change keeps its events for {@code target} as well. Idempotent. */
    void register(String target, Instant now);

    /**
     * Takes or renews {@code target}'s lease for {@code owner} until {@code now + lease}: true when
     * {@code owner} holds it afterwards. False while another owner's lease runs, or for a target not
     * registered.
     */
    boolean lease(String target, String owner, Instant now, Duration lease);

    /** Gives the lease up at once if {@code owner} holds it, so another node need not wait for it to expire. */
    void release(String target, String owner);

    /** Up to {@code limit} of the target's rows, oldest id first. */
    List<ExportEvent> pending(String target, int limit);

    /** The broker confirmed these rows: they leave the outbox. Idempotent. */
    void exported(String target, Collection<Long> rowIds);

    Backlog backlog(String target);
}
