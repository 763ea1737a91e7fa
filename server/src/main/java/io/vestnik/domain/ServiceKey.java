package io.vestnik.domain;

import java.time.Instant;
import java.util.Set;

/**
 * A key the host application's servers call the server API with. The key itself is never kept,
 * only its hash; {@code lastUsedAt} is null until first use, and accurate to about a minute.
 */
public record ServiceKey(long id, String name, Set<Scope> scopes, Instant createdAt, Instant lastUsedAt) {
    public boolean allows(Scope scope) {
        return scopes.contains(scope);
    }
}
