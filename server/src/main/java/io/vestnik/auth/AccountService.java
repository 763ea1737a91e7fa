package io.vestnik.auth;

import io.vestnik.domain.Session;
import io.vestnik.domain.User;
import io.vestnik.protocol.Check;
import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Problem;
import io.vestnik.store.SessionStore;
import io.vestnik.store.UserStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;

/**
 * Accounts and sessions: sign-up, sign-in, refresh-token rotation, sign-out, the list of signed-in
 * devices. Blocking (Argon2 and storage): call off the event loop.
 */
public final class AccountService {
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{3,32}");
    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD = 200;

    private final UserStore users;
    private final SessionStore sessions;
    private final PasswordHasher hasher;
    private final AccessTokens accessTokens;
    private final SessionGuard guard;
    private final LongConsumer announceRevoked;
    private final SessionLifetime lifetime;
    private final Clock clock;

    /**
     * How long sessions last: each refresh renews a session for {@code refreshTtl}, but never past
     * its creation plus {@code maxLifetime}, so a stolen refresh token cannot keep one alive for ever.
     */
    public record SessionLifetime(Duration refreshTtl, Duration maxLifetime) {
        Instant firstExpiry(Instant now) {
            return now.plus(refreshTtl.compareTo(maxLifetime) < 0 ? refreshTtl : maxLifetime);
        }
    }

    /**
     * {@code announceRevoked} tells every node a session was revoked, so each closes its
     * connections and refuses its tokens; called after the revocation is stored.
     */
    public AccountService(UserStore users, SessionStore sessions, PasswordHasher hasher, AccessTokens accessTokens,
                          SessionGuard guard, LongConsumer announceRevoked, SessionLifetime lifetime, Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.hasher = hasher;
        this.accessTokens = accessTokens;
        this.guard = guard;
        this.announceRevoked = announceRevoked;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public record Register(String username, String password, String displayName) {}

    public record Login(String username, String password) {}

    public record Refresh(String refreshToken) {}

    /** Where a sign-in comes from, remembered on its session. */
    public record Device(String userAgent, String ip) {}

    public record SignedIn(User user, String accessToken, String refreshToken, long expiresIn, long sessionId) {}

    public record SessionView(long id, Instant createdAt, Instant lastSeenAt, String userAgent, String ip, boolean current) {}

    public SignedIn register(Register request, Device device) {
        String username = Check.text(request.username(), "username", 32);
        if (!USERNAME.matcher(username).matches()) {
            throw Problem.invalid("Field 'username' takes 3 to 32 letters, digits, '_', '.' or '-'.");
        }
        String password = password(request.password());
        String displayName = request.displayName() == null ? username : Check.text(request.displayName(), "display_name", User.MAX_DISPLAY_NAME);
        Instant now = clock.instant();
        User user = users.create(username, displayName, hasher.hash(password), now)
                .orElseThrow(() -> Problem.of(ErrorCode.CONFLICT, "The username '" + username + "' is taken."));
        return signIn(user, device, now);
    }

    public SignedIn login(Login request, Device device) {
        String username = Check.present(request.username(), "username");
        String password = Check.present(request.password(), "password");
        var credentials = users.credentials(username);
        boolean valid = credentials.isPresent() && credentials.get().passwordHash() != null
                ? hasher.verify(password, credentials.get().passwordHash())
                : hasher.verifyAgainstDummy(password);
        if (!valid) throw Problem.unauthorized("Wrong username or password.");
        return signIn(credentials.get().user(), device, clock.instant());
    }

    /**
     * Swaps a refresh token for a new pair; the old refresh token stops working. A token that an
     * earlier refresh already replaced was copied (the client never sends it again), so it ends its
     * session: the thief's and the owner's tokens alike stop working, and the owner signs in again.
     */
    public SignedIn refresh(Refresh request) {
        String hash = RefreshTokens.hash(Check.present(request.refreshToken(), "refresh_token"));
        String next = RefreshTokens.generate();
        Instant now = clock.instant();
        Session session = sessions.rotate(hash, RefreshTokens.hash(next), now, now.plus(lifetime.refreshTtl()), lifetime.maxLifetime())
                .orElseThrow(() -> refused(hash));
        User user = users.find(session.userId()).orElseThrow(() -> Problem.unauthorized("The account is gone."));
        return issued(user, session.id(), next, now);
    }

    private Problem refused(String hash) {
        Session reusedFrom = sessions.findRotatedAway(hash).orElse(null);
        if (reusedFrom == null) return Problem.unauthorized("This refresh token is not valid (used, expired or revoked).");
        revoke(reusedFrom.id(), reusedFrom.userId());
        return Problem.unauthorized("This refresh token was already used once, so it may have been copied: its session"
                + " is signed out on every device. Sign in again.");
    }

    /**
     * What {@code POST /auth/refresh} is rate-limited by: the user the token's session belongs to,
     * or, for a token naming no current session, the client address (so guesses are counted too).
     */
    public String refreshLimitKey(Refresh request, String ip) {
        String hash = RefreshTokens.hash(Check.present(request.refreshToken(), "refresh_token"));
        return sessions.findByRefreshHash(hash).map(s -> "user:" + s.userId()).orElse("ip:" + ip);
    }

    /**
     * Revokes the caller's session: its tokens are refused and its sockets closed, on every node.
     *
     * @throws Problem invalid_request for a host token: it has no Vestnik session, and answering 204
     *     while it keeps working would tell the caller it is signed out when it is not
     */
    public void logout(Principal caller) {
        if (!caller.hasSession()) {
            throw Problem.invalid("A host-application token cannot be logged out here: the host application revokes it"
                    + " (short token lifetimes, or rotating its signing key).");
        }
        revoke(caller.sessionId(), caller.userId());
    }

    public List<SessionView> sessions(Principal caller) {
        return sessions.listActive(caller.userId(), clock.instant()).stream()
                .map(s -> new SessionView(s.id(), s.createdAt(), s.lastSeenAt(), s.userAgent(), s.ip(),
                        s.id() == caller.sessionId()))
                .toList();
    }

    public void deleteSession(Principal caller, long sessionId) {
        if (!revoke(sessionId, caller.userId())) throw Problem.notFound("Session");
    }

    /** Marks the caller's session as used now, for the list of active devices. */
    public void seen(Principal caller) {
        if (caller.hasSession()) sessions.touch(caller.sessionId(), clock.instant());
    }

    public User user(long userId) {
        return users.find(userId).orElseThrow(() -> Problem.notFound("User"));
    }

    private boolean revoke(long sessionId, long userId) {
        if (!sessions.revoke(sessionId, userId, clock.instant())) return false;
        guard.revoked(sessionId);
        announceRevoked.accept(sessionId);
        return true;
    }

    private SignedIn signIn(User user, Device device, Instant now) {
        String refresh = RefreshTokens.generate();
        Session session = sessions.create(user.id(), RefreshTokens.hash(refresh), truncate(device.userAgent()),
                device.ip(), now, lifetime.firstExpiry(now));
        return issued(user, session.id(), refresh, now);
    }

    private SignedIn issued(User user, long sessionId, String refresh, Instant now) {
        AccessTokens.Issued access = accessTokens.issue(user.id(), sessionId);
        return new SignedIn(user, access.token(), refresh, access.expiresInSeconds(now), sessionId);
    }

    private static String password(String password) {
        Check.present(password, "password");
        if (password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw Problem.invalid("Field 'password' must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters.");
        }
        return password;
    }

    private static String truncate(String userAgent) {
        return userAgent == null || userAgent.length() <= 300 ? userAgent : userAgent.substring(0, 300);
    }
}
