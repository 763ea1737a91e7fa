package io.vestnik.client;

import java.util.List;

/** A registered webhook endpoint; {@code secret} is present only in the answer that created it. */
public record Webhook(long id, String url, List<String> events, String secret, String createdAt) {}
