package io.vestnik.store;

import io.vestnik.domain.User;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Accounts. Thread-safe; every call blocks on storage, so call it off the event loop. */
public interface UserStore {

    /** Password hash and the user it belongs to, for login. */
    record Credentials(User user, String passwordHash) {}

    /**
     * Creates a local account; empty when the username is already taken (case-insensitively) or
     * starts with {@code ext-}, the prefix reserved for external accounts.
     */
    Optional<User> create(String username, String displayName, String passwordHash, Instant now);

    Optional<Credentials> credentials(String username);

    /**
     * The user a host application's token names, created on first sight. One (issuer, subject)
     * always maps to the same Vestnik id, also when two nodes see it first at the same moment.
     * Its username is {@code ext-<id>}; it has no password, so it cannot log in with {@link #credentials}.
     * {@code displayName} is kept from first sight.
     */
    User provisionExternal(String issuer, String subject, String displayName, Instant now);

    Optional<User> find(long id);

    List<User> findAll(Collection<Long> ids);

    /** Records when the user was last seen online (their last connection closed). */
    void updateLastSeen(long userId, Instant at);

    Optional<Instant> lastSeen(long userId);
}
