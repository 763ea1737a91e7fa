package io.vestnik.http;

import io.vertx.core.http.HttpServerResponse;
import io.vestnik.ratelimit.Decision;

/** The {@code X-RateLimit-*} headers of a rate-limited route. */
public final class RateLimitHeaders {
    private RateLimitHeaders() {}

    public static void set(HttpServerResponse response, Decision decision) {
        if (decision.limit() == Long.MAX_VALUE) return;
        response.putHeader("X-RateLimit-Limit", Long.toString(decision.limit()))
                .putHeader("X-RateLimit-Remaining", Long.toString(decision.remaining()))
                .putHeader("X-RateLimit-Reset", Long.toString(decision.resetSeconds()));
    }
}
