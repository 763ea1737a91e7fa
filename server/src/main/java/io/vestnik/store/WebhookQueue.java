package io.vestnik.store;

import io.vestnik.domain.WebhookEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The webhook outbox, as the deliverers see it. Rows are written by the stores themselves, in the
 * transaction of the change that causes them (so an event exists if and only if its change
 * committed); this role hands them out. Thread-safe; blocking; shared by every node.
 *
 * <p><b>Leases.</b> {@link #claim} hands out each live event to one caller at a time, for
 * {@code lease}: until the lease expires no other claim on any node returns it. A caller that dies
 * (kill -9) simply lets its leases expire, and the events are claimed again: delivery is at least
 * once, never twice at the same time.
 *
 * <p><b>Order.</b> An event is claimable only when no earlier live (not delivered, not dead) event
 * of the same endpoint and stream (a chat) remains, so one endpoint receives a chat's events one
 * at a time, in the order their changes committed; a dead event stops blocking its stream.
 */
public interface WebhookQueue {

    /** A claimed event with what its delivery needs; {@code lease} names the claim. */
    record Claimed(WebhookEvent event, long rowId, String url, String secret, String lease, Instant retryFrom) {}

    /** Up to {@code limit} due events, oldest first, leased until {@code now + lease}. */
    List<Claimed> claim(Instant now, Duration lease, int limit);

    /** The event was delivered: it leaves the outbox. Idempotent. */
    void delivered(long rowId);

    /** Delivery failed: due again at {@code nextAt}, if this claim still holds it. */
    void retryAt(Claimed claimed, Instant nextAt, String error);

    /** Delivery failed for the whole retry period: into the dead-letter list, if this claim still holds it. */
    void deadLetter(Claimed claimed, Instant now, String error);

    /** Gives up a claim without trying (the endpoint is busy on this node): claimable again at once. */
    void release(Claimed claimed);

    /** Events still to deliver (pending, due or leased; not dead), on every node together. */
    long depth();

    /** The dead-letter list, oldest first. */
    List<WebhookEvent> deadLetters(int limit);

    /** Puts a dead event back in line, due now, with a fresh retry period; empty when there is no such dead event. */
    Optional<WebhookEvent> replay(String eventId, Instant now);
}
