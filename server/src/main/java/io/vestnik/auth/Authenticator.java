package io.vestnik.auth;

import com.nimbusds.jwt.JWTParser;
import io.vestnik.protocol.Problem;
import io.vestnik.store.TicketLedger;
import io.vestnik.store.UserStore;
import java.time.Clock;
import java.time.Instant;

/**
 * The one place transports turn a credential into a {@link Principal}: Vestnik access tokens,
 * host-application tokens (when configured) and WebSocket tickets. Every answer also passes
 * {@link SessionGuard}, so a revoked session is refused whatever credential it comes with.
 *
 * <p>A bearer token whose (unverified) {@code iss} is {@value AccessTokens#ISSUER} is checked as a
 * Vestnik token only; any other goes to {@link HostTokens}. Reading the issuer before verifying is
 * safe: it only picks the verifier, and each verifier checks everything.
 *
 * <p>Thread-safe. <b>Blocking</b>: may read storage (session checks, provisioning host users) and
 * fetch host keys. Call it off the event loop.
 */
public final class Authenticator {
    private static final int MAX_HOST_USERS_CACHED = 10_000;
    /** Redis reconnects within about two seconds of coming back, a database pool borrow gives up in about two. */
    static final long LEDGER_RETRY_AFTER_SECONDS = 3;

    private final AccessTokens accessTokens;
    private final Tickets tickets;
    private final TicketLedger ledger;
    private final HostTokens hostTokens;
    private final UserStore users;
    private final SessionGuard sessions;
    private final Clock clock;
    // (issuer, subject) → user id never changes once provisioned, so it can be cached for good.
    private final BoundedCache<HostIdentityKey, Long> hostUsers = new BoundedCache<>(MAX_HOST_USERS_CACHED);

    private record HostIdentityKey(String issuer, String subject) {}

    /** @param hostTokens null when the node accepts no host tokens */
    public Authenticator(AccessTokens accessTokens, Tickets tickets, TicketLedger ledger, HostTokens hostTokens,
            UserStore users, SessionGuard sessions, Clock clock) {
        this.accessTokens = accessTokens;
        this.tickets = tickets;
        this.ledger = ledger;
        this.hostTokens = hostTokens;
        this.users = users;
        this.sessions = sessions;
        this.clock = clock;
    }

    /**
     * @param bearerToken the token alone, without the {@code Bearer } prefix (see {@link #bearerToken})
     * @throws Problem unauthorized when the token is missing or not accepted, or its session is revoked
     */
    public Principal authenticate(String bearerToken) {
        if (bearerToken == null || bearerToken.isBlank()) throw Problem.unauthorized("A bearer token is required.");
        if (ServiceKeys.isKey(bearerToken)) {
            throw Problem.unauthorized("A service key works only on the server API (/api/v1/server/), never as a user's token.");
        }
        Principal principal = isVestnikToken(bearerToken)
                ? accessTokens.verify(bearerToken)
                : hostPrincipal(bearerToken);
        sessions.requireActive(principal);
        return principal;
    }

    /**
     * Accepts each ticket once, on any node: its nonce is claimed in the {@link TicketLedger} last,
     * so a ticket refused for another reason is not spent.
     *
     * @throws Problem unauthorized when the ticket is not accepted, was used before, or its session
     *     is revoked; unavailable when the ledger cannot say whether it was used (a replayed ticket
     *     would open someone else's account, so it is refused rather than let through)
     */
    public Principal authenticateTicket(String ticket) {
        Tickets.Verified verified = tickets.verify(ticket);
        sessions.requireActive(verified.principal());
        if (!claim(verified)) throw Problem.unauthorized("Ticket has already been used; ask for a new one.");
        return verified.principal();
    }

    private boolean claim(Tickets.Verified verified) {
        try {
            return ledger.claim(verified.nonce(), verified.usableUntil());
        } catch (TicketLedger.Unavailable e) {
            throw Problem.unavailable("Cannot check the ticket now; try again shortly.", LEDGER_RETRY_AFTER_SECONDS);
        }
    }

    /** The token in an {@code Authorization: Bearer <token>} header, or null when there is none. */
    public static String bearerToken(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        String token = authorizationHeader.substring(7).strip();
        return token.isEmpty() ? null : token;
    }

    private static boolean isVestnikToken(String token) {
        try {
            return AccessTokens.ISSUER.equals(JWTParser.parse(token).getJWTClaimsSet().getIssuer());
        } catch (java.text.ParseException | RuntimeException e) {
            return false; // not a JWT we can read: the verifier that gets it says why
        }
    }

    private Principal hostPrincipal(String token) {
        if (hostTokens == null) return accessTokens.verify(token);
        HostIdentity identity = hostTokens.verify(token);
        Instant now = clock.instant();
        var key = new HostIdentityKey(identity.issuer(), identity.subject());
        Long userId = hostUsers.get(key, now);
        if (userId == null) {
            userId = users.provisionExternal(identity.issuer(), identity.subject(), identity.displayName(), now).id();
            hostUsers.put(key, userId, Instant.MAX);
        }
        return new Principal(userId, Principal.NO_SESSION);
    }
}
