package io.vestnik.client;

import java.util.Map;

/** A notification to send; {@code clientId} (optional) makes a retry safe, {@code data} is the host's own JSON object. */
public record NewNotification(String externalId, String clientId, String kind, String title, String body, Map<String, Object> data) {}
