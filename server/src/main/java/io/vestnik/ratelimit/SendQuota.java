package io.vestnik.ratelimit;

import io.vestnik.metrics.Metrics;
import io.vestnik.protocol.Problem;

/**
 * How fast messages may be sent: per connection, and per user across every device and HTTP.
 * Shared by the WebSocket and HTTP send paths so the user's budget is one budget.
 */
public final class SendQuota {
    private final RateLimiter limiter;
    private final Metrics metrics;

    public SendQuota(RateLimiter limiter, Metrics metrics) {
        this.limiter = limiter;
        this.metrics = metrics;
    }

    /**
     * Takes one send from the budgets; {@code connectionId} is null over HTTP.
     *
     * @return the user's budget after this send, for the {@code X-RateLimit-*} headers
     * @throws Problem rate_limited, saying when to retry, when a budget is spent
     */
    public Decision acquire(long userId, String connectionId) {
        if (connectionId != null) refuseIfSpent(limiter.acquire(Limit.SEND_PER_CONNECTION, connectionId));
        return refuseIfSpent(limiter.acquire(Limit.SEND_PER_USER, Long.toString(userId)));
    }

    private Decision refuseIfSpent(Decision decision) {
        if (decision.allowed()) return decision;
        metrics.rateLimited();
        throw Problem.rateLimited(decision.retryAfterSeconds());
    }
}
