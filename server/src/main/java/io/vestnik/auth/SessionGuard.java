package io.vestnik.auth;

import io.vestnik.domain.Session;
import io.vestnik.protocol.Problem;
import io.vestnik.store.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether a Vestnik session may still be used, answered from a small cache in front of
 * {@link SessionStore#find}. "Active" is cached for {@code activeTtl} (so a revocation made on
 * another node that this node misses is honoured after at most that long); "revoked or expired" is
 * final and cached until evicted. {@link #revoked} makes this node refuse a session at once.
 *
 * <p>Thread-safe. {@link #requireActive} blocks on storage when the answer is not cached: call it
 * off the event loop.
 */
public final class SessionGuard {
    public static final Duration DEFAULT_ACTIVE_TTL = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_ENTRIES = 100_000;

    private final SessionStore sessions;
    private final Clock clock;
    private final Duration activeTtl;
    private final BoundedCache<Long, Boolean> cache;

    public SessionGuard(SessionStore sessions, Clock clock, Duration activeTtl, int maxEntries) {
        this.sessions = sessions;
        this.clock = clock;
        this.activeTtl = activeTtl;
        this.cache = new BoundedCache<>(maxEntries);
    }

    public SessionGuard(SessionStore sessions, Clock clock) {
        this(sessions, clock, DEFAULT_ACTIVE_TTL, DEFAULT_MAX_ENTRIES);
    }

    /**
     * Passes when the principal has no Vestnik session (host tokens) or its session is active.
     *
     * @throws Problem unauthorized when the session is revoked, expired or unknown
     */
    public void requireActive(Principal principal) {
        if (!principal.hasSession()) return;
        if (!isActive(principal.sessionId())) {
            throw Problem.unauthorized("Session revoked or expired; sign in again.");
        }
    }

    public boolean isActive(long sessionId) {
        Instant now = clock.instant();
        Boolean cached = cache.get(sessionId, now);
        if (cached != null) return cached;
        Session session = sessions.find(sessionId).orElse(null);
        boolean active = session != null && session.activeAt(now);
        Instant until = active ? earliest(now.plus(activeTtl), session.expiresAt()) : Instant.MAX;
        // If revoked() ran while we read storage, its answer stays.
        return cache.putIfAbsent(sessionId, active, until, now);
    }

    /**
     * Refuses the session on this node from now on, without asking storage. Called on every node
     * when a session is revoked anywhere (logout, {@code DELETE /sessions/{id}}).
     */
    public void revoked(long sessionId) {
        cache.put(sessionId, false, Instant.MAX);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
