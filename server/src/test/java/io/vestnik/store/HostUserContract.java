package io.vestnik.store;

import static io.vestnik.store.StoreFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.domain.User;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The host application's users: one per (issuer, subject), whether its token or its servers name them first. */
public interface HostUserContract extends StoreFixture {

    @Test
    default void a_user_put_by_the_host_is_the_one_its_token_signs_in_as() {
        String subject = StoreFixture.unique("shop-");
        var profile = new UserStore.Profile("Shop bot", "https://shop.example/bot.png", "{\"tier\":\"gold\"}", true);
        UserStore.Put put = storage().users().putExternal("iss", subject, profile, T0);
        assertThat(put.created()).isTrue();
        User user = put.user().user();
        assertThat(user).isEqualTo(new User(user.id(), "ext-" + user.id(), "Shop bot", subject, "https://shop.example/bot.png", true));
        assertThat(storage().users().provisionExternal("iss", subject, "Token name", T0)).isEqualTo(user);
        assertThat(storage().users().findExternal("iss", subject)).contains(new UserStore.HostUser(user, "{\"tier\":\"gold\"}"));
        assertThat(storage().users().findExternal("other-iss", subject)).isEmpty();
    }

    @Test
    default void putting_a_user_a_token_provisioned_replaces_its_profile() {
        String subject = StoreFixture.unique("buyer-");
        User signedIn = storage().users().provisionExternal("iss", subject, "Anna", T0);
        UserStore.Put put = storage().users().putExternal("iss", subject, new UserStore.Profile("Anna K.", null, null, false), T0);
        assertThat(put.created()).isFalse();
        assertThat(put.user().user()).isEqualTo(new User(signedIn.id(), signedIn.username(), "Anna K.", subject, null, false));
        assertThat(reopen().users().find(signedIn.id())).contains(put.user().user());
    }

    @Test
    default void ids_of_external_users_leave_unknown_subjects_out() {
        String a = StoreFixture.unique("a-");
        String b = StoreFixture.unique("b-");
        long idA = storage().users().provisionExternal("iss", a, "A", T0).id();
        long idB = storage().users().putExternal("iss", b, new UserStore.Profile("B", null, null, false), T0).user().user().id();
        assertThat(storage().users().idsOfExternal("iss", List.of(a, b, "nobody"))).isEqualTo(Map.of(a, idA, b, idB));
        assertThat(storage().users().idsOfExternal("other-iss", List.of(a))).isEmpty();
        assertThat(storage().users().idsOfExternal("iss", List.of())).isEmpty();
    }

    @Test
    default void racing_puts_of_one_subject_make_one_user() throws Exception {
        String subject = StoreFixture.unique("race-");
        var results = StoreFixture.concurrently(8, () -> storage().users().putExternal("iss", subject,
                new UserStore.Profile("Racer", null, null, false), T0));
        assertThat(results).extracting(put -> put.user().user().id()).containsOnly(results.getFirst().user().user().id());
        assertThat(results).filteredOn(UserStore.Put::created).hasSize(1);
    }
}
