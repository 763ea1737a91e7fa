package io.vestnik.store;

import io.vestnik.domain.User;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Accounts. Thread-safe; every call blocks on storage, so call it off the event loop. */
public interface UserStore {

    /** Password hash and the user it belongs to, for login. */
    record Credentials(User user, String passwordHash) {}

    /**
     * What the host application's servers say about one of their users. {@code metadata} is a
     * JSON object as text (or null), already validated; stored and returned as given.
     */
    record Profile(String displayName, String avatarUrl, String metadata, boolean bot) {}

    /** A user of the host application, with the metadata only the host's servers see. */
    record HostUser(User user, String metadata) {}

    /** The user {@link #putExternal} wrote, and whether it had to create them. */
    record Put(HostUser user, boolean created) {}

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

    /**
     * Creates the user (issuer, subject) names with {@code profile}, or replaces the profile of
     * the one it names: the same user {@link #provisionExternal} gives for that pair, whichever of
     * the two comes first. Atomic; safe when two nodes put the same user at once.
     */
    Put putExternal(String issuer, String subject, Profile profile, Instant now);

    Optional<HostUser> findExternal(String issuer, String subject);

    /** The Vestnik ids of the subjects that have a user under {@code issuer}; unknown subjects are left out. */
    Map<String, Long> idsOfExternal(String issuer, Collection<String> subjects);

    Optional<User> find(long id);

    List<User> findAll(Collection<Long> ids);

    /**
     * Users whose display name, or local username, starts with {@code prefix} (case folded as the
     * database's {@code lower()} does: ASCII only on SQLite), by id above {@code afterId}: never
     * {@code searcherId}, never a user who blocks {@code searcherId}.
     */
    List<User> search(long searcherId, String prefix, long afterId, int limit);

    /** Records when the user was last seen online (their last connection closed). */
    void updateLastSeen(long userId, Instant at);

    Optional<Instant> lastSeen(long userId);
}
