package io.vestnik.domain;

import java.time.Instant;
import java.util.Set;

/** An endpoint the host application registered; its secret is shown once, at creation, and never here. */
public record Webhook(long id, String url, Set<EventType> events, Instant createdAt) {}
