package io.vestnik.store;

import io.vestnik.domain.Scope;
import io.vestnik.domain.ServiceKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The server API's service keys, by the hash of the key (the key itself is never stored).
 * Thread-safe; every call blocks on storage, so call it off the event loop. Every change is
 * committed before the call returns and nothing here is cached, so a deleted key is not found by
 * the next {@link #findByHash} on any node.
 */
public interface ServiceKeyStore {

    /** Stores a new key; {@code keyHash} must be unique (keys are random, so it is). */
    ServiceKey create(String name, Set<Scope> scopes, String keyHash, Instant now);

    /** Every key, oldest first. */
    List<ServiceKey> list();

    /** The key with this hash: one lookup by a unique index. */
    Optional<ServiceKey> findByHash(String keyHash);

    /** Deletes the key; false when there is none with this id. */
    boolean delete(long id);

    /** Records that the key was used at {@code at}; a later use only moves it forward. */
    void touch(long id, Instant at);
}
