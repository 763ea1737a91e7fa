package io.vestnik.client;

import com.fasterxml.jackson.databind.JsonNode;

/** An application notification; {@code seq} numbers each user's notifications 1, 2, 3, ... */
public record Notification(long id, long seq, String kind, String title, String body, JsonNode data, String createdAt, boolean read) {}
