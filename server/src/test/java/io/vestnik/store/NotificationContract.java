package io.vestnik.store;

import static io.vestnik.store.StoreFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.domain.Notification;
import io.vestnik.domain.User;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Notifications: numbered 1, 2, 3, … per user without gaps, paged in order, read up to a seq. */
public interface NotificationContract extends StoreFixture {

    private NotificationStore.Added add(User user, String clientId, String title) {
        return storage().notifications().add(new NotificationStore.Draft(user.id(), clientId, "order", title, "body",
                "{\"order\":7}"), T0);
    }

    @Test
    default void each_user_s_notifications_are_numbered_from_one_and_paged_in_order() {
        User anna = user();
        User boris = user();
        for (int n = 1; n <= 5; n++) add(anna, null, "anna " + n);
        Notification first = add(boris, null, "boris 1").notification();
        assertThat(first.seq()).isEqualTo(1);
        assertThat(first.data()).isEqualTo("{\"order\":7}");
        assertThat(storage().notifications().lastSeq(anna.id())).isEqualTo(5);
        List<Notification> page = storage().notifications().after(anna.id(), 2, 2);
        assertThat(page).extracting(Notification::seq).containsExactly(3L, 4L);
        assertThat(page).extracting(Notification::title).containsExactly("anna 3", "anna 4");
        assertThat(reopen().notifications().after(anna.id(), 4, 10)).extracting(Notification::seq).containsExactly(5L);
        assertThat(storage().notifications().lastSeq(user().id())).isZero();
    }

    @Test
    default void a_repeated_client_id_returns_the_first_notification_and_stores_nothing() {
        User anna = user();
        NotificationStore.Added first = add(anna, "order-7-shipped", "Shipped");
        NotificationStore.Added again = add(anna, "order-7-shipped", "Shipped again");
        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.notification()).isEqualTo(first.notification());
        assertThat(add(user(), "order-7-shipped", "Another user's").created()).isTrue();
        assertThat(storage().notifications().lastSeq(anna.id())).isEqualTo(1);
    }

    @Test
    default void reading_moves_forward_only_and_never_past_the_last_notification() {
        User anna = user();
        for (int n = 1; n <= 4; n++) add(anna, null, "n" + n);
        assertThat(storage().notifications().unread(anna.id())).isEqualTo(4);
        assertThat(storage().notifications().markRead(anna.id(), 2)).isEqualTo(2);
        assertThat(storage().notifications().markRead(anna.id(), 1)).isEqualTo(2);
        assertThat(storage().notifications().unread(anna.id())).isEqualTo(2);
        assertThat(storage().notifications().after(anna.id(), 0, 10)).extracting(Notification::read)
                .containsExactly(true, true, false, false);
        assertThat(storage().notifications().markRead(anna.id(), 99)).isEqualTo(4);
        assertThat(storage().notifications().unread(anna.id())).isZero();
        assertThat(storage().notifications().markRead(user().id(), 3)).isZero();
    }

    @Test
    default void concurrent_adds_for_one_user_get_every_seq_once() throws Exception {
        User anna = user();
        int adds = 40;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<NotificationStore.Added>> added = new ArrayList<>();
            for (int n = 0; n < adds; n++) {
                String clientId = "c" + n;
                added.add(pool.submit(() -> add(anna, clientId, "concurrent")));
            }
            for (Future<NotificationStore.Added> each : added) each.get();
        } finally {
            pool.shutdown();
        }
        assertThat(storage().notifications().after(anna.id(), 0, 100)).extracting(Notification::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, adds).boxed().toList());
    }
}
