package io.vestnik.auth;

import io.vestnik.domain.Session;
import io.vestnik.store.SessionStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Just enough of a SessionStore for the auth tests: create, find (counted), revoke. */
final class InMemorySessions implements SessionStore {
    private final Map<Long, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    final AtomicInteger finds = new AtomicInteger();

    @Override
    public Session create(long userId, String refreshTokenHash, String userAgent, String ip, Instant now, Instant expiresAt) {
        Session session = new Session(ids.incrementAndGet(), userId, now, now, expiresAt, null, userAgent, ip);
        sessions.put(session.id(), session);
        return session;
    }

    @Override
    public Optional<Session> find(long sessionId) {
        finds.incrementAndGet();
        return Optional.ofNullable(sessions.get(sessionId));
    }

    @Override
    public boolean revoke(long sessionId, long userId, Instant now) {
        Session s = sessions.get(sessionId);
        if (s == null || s.userId() != userId) return false;
        sessions.put(sessionId, new Session(s.id(), s.userId(), s.createdAt(), s.lastSeenAt(), s.expiresAt(), now, s.userAgent(), s.ip()));
        return true;
    }

    @Override
    public Optional<Session> rotate(String oldHash, String newHash, Instant now, Instant expiresAt, java.time.Duration maxLifetime) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Session> findRotatedAway(String hash) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Session> findByRefreshHash(String hash) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int deleteRotatedOfEnded(Instant before, int limit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Session> listActive(long userId, Instant now) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void touch(long sessionId, Instant now) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int deleteEnded(Instant before, int limit) {
        throw new UnsupportedOperationException();
    }
}
