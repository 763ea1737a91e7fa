package io.vestnik.domain;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/**
 * One event for one endpoint, as the outbox holds it. {@code id} is the public id
 * ({@code Vestnik-Event-Id}); {@code data} is the event's JSON object as text; {@code attempts}
 * counts deliveries tried; {@code deadAt} is set once it is in the dead-letter list.
 */
public record WebhookEvent(String id, long webhookId, EventType type, @JsonRawValue String data, Instant createdAt, int attempts,
                           String lastError, Instant deadAt) {}
