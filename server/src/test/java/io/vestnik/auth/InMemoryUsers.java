package io.vestnik.auth;

import io.vestnik.domain.User;
import io.vestnik.store.UserStore;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Just enough of a UserStore for the auth tests: provisioning host users (counted). */
final class InMemoryUsers implements UserStore {
    private final Map<String, User> external = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(100);
    final AtomicInteger provisions = new AtomicInteger();

    @Override
    public User provisionExternal(String issuer, String subject, String displayName, Instant now) {
        provisions.incrementAndGet();
        return external.computeIfAbsent(issuer + "\n" + subject,
                k -> new User(ids.incrementAndGet(), "host-" + subject, displayName, subject, null, false));
    }

    @Override
    public Put putExternal(String issuer, String subject, Profile profile, Instant now) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<HostUser> findExternal(String issuer, String subject) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, Long> idsOfExternal(String issuer, Collection<String> subjects) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<User> create(String username, String displayName, String passwordHash, Instant now) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Credentials> credentials(String username) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<User> find(long id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<User> findAll(Collection<Long> ids) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<User> search(long searcherId, String prefix, long afterId, int limit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void updateLastSeen(long userId, Instant at) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Instant> lastSeen(long userId) {
        throw new UnsupportedOperationException();
    }
}
