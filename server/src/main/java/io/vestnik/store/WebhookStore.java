package io.vestnik.store;

import io.vestnik.domain.EventType;
import io.vestnik.domain.Webhook;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The host's webhook endpoints. Thread-safe; blocking (call it off the event loop). Every change
 * is committed before the call returns and nothing is cached: an endpoint created here is seen by
 * the outbox write of every change whose transaction writes its outbox rows after this commit, on
 * any node (so every event of a change begun after {@link #create} returned reaches it); a deleted
 * one loses its pending events with it.
 */
public interface WebhookStore {

    /** Stores a new endpoint with its signing secret. */
    Webhook create(String url, Set<EventType> events, String secret, Instant now);

    /** Every endpoint, oldest first. */
    List<Webhook> list();

    Optional<Webhook> find(long id);

    /** Deletes the endpoint and its undelivered and dead events; false when there is none with this id. */
    boolean delete(long id);
}
