package io.vestnik.store;

import static io.vestnik.store.StoreFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.domain.Scope;
import io.vestnik.domain.ServiceKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Service keys: found by their hash alone, gone for every reader once deleted. */
public interface ServiceKeyContract extends StoreFixture {

    @Test
    default void a_key_is_found_by_its_hash_with_its_name_and_scopes() {
        String hash = StoreFixture.unique("hash-");
        ServiceKey created = storage().serviceKeys().create("shop", EnumSet.of(Scope.USERS, Scope.MESSAGES), hash, T0);
        assertThat(created.id()).isPositive();
        assertThat(created.scopes()).containsExactly(Scope.USERS, Scope.MESSAGES);
        assertThat(created.createdAt()).isEqualTo(T0);
        assertThat(created.lastUsedAt()).isNull();
        assertThat(storage().serviceKeys().findByHash(hash)).contains(created);
        assertThat(storage().serviceKeys().findByHash(hash + "x")).isEmpty();
        assertThat(storage().serviceKeys().list()).contains(created);
    }

    @Test
    default void a_deleted_key_is_not_found_even_by_a_storage_opened_before() {
        String hash = StoreFixture.unique("hash-");
        ServiceKey key = storage().serviceKeys().create("gone", Set.of(Scope.CHATS), hash, T0);
        assertThat(storage().serviceKeys().delete(key.id())).isTrue();
        assertThat(storage().serviceKeys().delete(key.id())).isFalse();
        assertThat(storage().serviceKeys().findByHash(hash)).isEmpty();
        assertThat(reopen().serviceKeys().list()).extracting(ServiceKey::id).doesNotContain(key.id());
    }

    @Test
    default void last_use_only_moves_forward_and_survives_a_restart() {
        String hash = StoreFixture.unique("hash-");
        ServiceKey key = storage().serviceKeys().create("used", Set.of(Scope.USERS), hash, T0);
        storage().serviceKeys().touch(key.id(), T0.plus(Duration.ofMinutes(5)));
        storage().serviceKeys().touch(key.id(), T0.plus(Duration.ofMinutes(1)));
        assertThat(reopen().serviceKeys().findByHash(hash).orElseThrow().lastUsedAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    }
}
