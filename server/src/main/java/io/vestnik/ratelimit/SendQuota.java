package io.vestnik.ratelimit;

import io.vestnik.metrics.Metrics;
import io.vestnik.protocol.Problem;

/**
 * How fast messages may be sent over a WebSocket: per connection, and per user across every
 * device. The HTTP send route counts against the same per-user budget ({@link Limit#SEND_PER_USER},
 * keyed by the user id), so the user's budget is one budget whatever the transport.
 */
public final class SendQuota {
    private final RateLimiter limiter;
    private final Metrics metrics;

    public SendQuota(RateLimiter limiter, Metrics metrics) {
        this.limiter = limiter;
        this.metrics = metrics;
    }

    /**
     * Takes one send from the connection's and the user's budgets.
     *
     * @throws Problem rate_limited, saying when to retry, when a budget is spent
     */
    public void acquire(long userId, String connectionId) {
        refuseIfSpent(Limit.SEND_PER_CONNECTION, limiter.acquire(Limit.SEND_PER_CONNECTION, connectionId));
        refuseIfSpent(Limit.SEND_PER_USER, limiter.acquire(Limit.SEND_PER_USER, Long.toString(userId)));
    }

    private void refuseIfSpent(Limit limit, Decision decision) {
        if (decision.allowed()) return;
        metrics.rateLimited(limit.name());
        throw Problem.rateLimited(decision.retryAfterSeconds());
    }
}
