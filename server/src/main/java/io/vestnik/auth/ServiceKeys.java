package io.vestnik.auth;

import io.vestnik.domain.Scope;
import io.vestnik.domain.ServiceKey;
import io.vestnik.protocol.Check;
import io.vestnik.protocol.Problem;
import io.vestnik.store.ServiceKeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Service keys: created and revoked by the operator, presented by the host application's servers
 * on the server API. A key is {@value #PREFIX} and 32 random bytes (base64url), shown once; only
 * its SHA-256 is stored, as for refresh tokens. Every call looks the key up in storage, with no
 * cache, so a revoked key is refused by the next call on every node.
 *
 * <p>Thread-safe. Blocking (storage): call off the event loop.
 */
public final class ServiceKeys {
    public static final String PREFIX = "vsk_";
    static final int MAX_NAME = 100;
    /** last_used_at is written at most this often per key and node: a write per call would cost more than the call. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final ServiceKeyStore store;
    private final Clock clock;
    private final Map<Long, Instant> lastTouched = new ConcurrentHashMap<>();

    public ServiceKeys(ServiceKeyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** {@code POST /api/v1/admin/keys}. */
    public record NewKey(String name, List<String> scopes) {}

    /** A key as it is handed out, the only time {@code key} is shown. */
    public record Issued(long id, String name, Set<Scope> scopes, Instant createdAt, String key) {}

    public Issued create(NewKey request) {
        String name = Check.text(request.name(), "name", MAX_NAME);
        Set<Scope> scopes = scopes(Check.present(request.scopes(), "scopes"));
        String key = PREFIX + RefreshTokens.generate();
        ServiceKey stored = store.create(name, scopes, RefreshTokens.hash(key), clock.instant());
        return new Issued(stored.id(), stored.name(), stored.scopes(), stored.createdAt(), key);
    }

    public List<ServiceKey> list() {
        return store.list();
    }

    /** Deletes the key; from this call's return on, every node refuses it. */
    public void revoke(long id) {
        if (!store.delete(id)) throw Problem.notFound("Key");
        lastTouched.remove(id);
    }

    /**
     * The key a server call presents.
     *
     * @param bearerToken the token of the {@code Authorization: Bearer} header, or null
     * @throws Problem unauthorized when it is no service key (a user's token included) or an unknown or revoked one
     */
    public ServiceKey authenticate(String bearerToken) {
        if (!isKey(bearerToken)) {
            throw Problem.unauthorized("The server API takes a service key (Authorization: Bearer " + PREFIX + "…), not a user's token.");
        }
        ServiceKey key = store.findByHash(RefreshTokens.hash(bearerToken))
                .orElseThrow(() -> Problem.unauthorized("This service key is not valid (unknown or revoked)."));
        touch(key.id());
        return key;
    }

    /** True for a token shaped like a service key, whether or not it is a valid one. */
    public static boolean isKey(String token) {
        return token != null && token.startsWith(PREFIX);
    }

    private void touch(long id) {
        Instant now = clock.instant();
        Instant last = lastTouched.get(id);
        if (last != null && last.plus(TOUCH_EVERY).isAfter(now)) return;
        lastTouched.put(id, now);
        store.touch(id, now);
    }

    private static Set<Scope> scopes(List<String> names) {
        if (names.isEmpty()) throw Problem.invalid("Field 'scopes' must name at least one scope.");
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String name : names) {
            scopes.add(Scope.parse(name).orElseThrow(() -> Problem.invalid("Unknown scope '" + name + "'; the scopes are "
                    + String.join(", ", EnumSet.allOf(Scope.class).stream().map(Scope::wire).toList()) + ".")));
        }
        return scopes;
    }
}
