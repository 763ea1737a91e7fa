package io.vestnik.gateway;

import io.vestnik.auth.Authenticator;
import io.vestnik.auth.Principal;
import io.vestnik.metrics.Metrics;
import io.vestnik.protocol.Problem;
import io.vestnik.ratelimit.Decision;
import io.vestnik.ratelimit.Limit;
import io.vestnik.ratelimit.RateLimiter;
import io.vestnik.transport.ClientAddress;
import java.util.List;
import java.util.function.Consumer;

/**
 * Who may open a live link (WebSocket, SSE stream, long poll): pages of an allowed origin, an
 * address under its connect limit, a user with a ticket or a bearer token.
 */
public final class Admission {
    private final Origins origins;
    private final ClientAddress clientAddress;
    private final RateLimiter limiter;
    private final Authenticator authenticator;
    private final Metrics metrics;

    /** @param allowedOrigins the origins whose pages may connect; none: the server's own only */
    public Admission(List<String> allowedOrigins, ClientAddress clientAddress, RateLimiter limiter,
                     Authenticator authenticator, Metrics metrics) {
        this.origins = new Origins(allowedOrigins);
        this.clientAddress = clientAddress;
        this.limiter = limiter;
        this.authenticator = authenticator;
        this.metrics = metrics;
    }

    /** True when a page of {@code origin} may open a link to {@code host} (or no browser sent it). */
    public boolean allowsOrigin(String origin, String host) {
        return origins.allows(origin, host);
    }

    /** The client's address: the peer's, or the one a trusted proxy forwarded. */
    public String clientIp(io.vertx.core.net.SocketAddress peer, String forwardedFor) {
        return clientAddress.of(peer == null ? null : peer.hostAddress(), forwardedFor);
    }

    /**
     * Counts a new live connection (WebSocket or SSE) against the address's limit; {@code decided}
     * sees the decision, refused or not, before a refusal is thrown. Blocking: a shared limiter is a
     * round trip.
     */
    public void checkConnectLimit(String ip, Consumer<Decision> decided) {
        Decision decision = limiter.acquire(Limit.CONNECT, ip);
        decided.accept(decision);
        if (!decision.allowed()) {
            metrics.rateLimited(Limit.CONNECT.name());
            throw Problem.rateLimited(decision.retryAfterSeconds());
        }
    }

    /** A live connection authenticates with a ticket (browsers) or a bearer token. Blocking. */
    public Principal authenticate(String ticket, String authorization) {
        if (ticket != null) return authenticator.authenticateTicket(ticket);
        String bearer = Authenticator.bearerToken(authorization);
        if (bearer == null) throw Problem.unauthorized("A ticket or a bearer token is required.");
        return authenticator.authenticate(bearer);
    }
}
