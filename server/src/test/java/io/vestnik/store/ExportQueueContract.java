package io.vestnik.store;

import static io.vestnik.store.StoreFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.domain.Chat;
import io.vestnik.domain.EventType;
import io.vestnik.domain.ExportEvent;
import io.vestnik.domain.User;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The export outbox: kept with each change once a target is registered, in commit order per chat, under one lease. */
public interface ExportQueueContract extends StoreFixture {
    Duration LEASE = Duration.ofSeconds(30);

    private ExportQueue queue() {
        return storage().exportQueue();
    }

    @Test
    default void keeps_every_change_s_event_for_a_target_from_its_registration_on_in_chat_order() {
        User ann = user();
        User bob = user();
        Chat before = group(ann, bob);
        String target = StoreFixture.unique("target-");
        send(before, ann, "before the target");
        queue().register(target, T0);
        queue().register(target, T0);
        Chat chat = group(ann, bob);
        send(chat, ann, "one");
        send(chat, bob, "two");
        storage().chats().markRead(chat.id(), bob.id(), 2);

        List<ExportEvent> pending = queue().pending(target, 100);
        assertThat(pending).extracting(ExportEvent::type)
                .containsExactly(EventType.CHAT_CREATED, EventType.MESSAGE_CREATED, EventType.MESSAGE_CREATED, EventType.MESSAGE_READ);
        assertThat(pending).extracting(ExportEvent::chatId).containsOnly(chat.id());
        assertThat(pending).extracting(ExportEvent::rowId).isSorted().doesNotHaveDuplicates();
        assertThat(pending.get(1).body()).startsWith("{\"id\":\"" + pending.get(1).id() + "\",\"type\":\"message.created\",\"chat_id\":" + chat.id())
                .contains("\"body\":\"one\"");
        assertThat(queue().backlog(target).events()).isEqualTo(4);
    }

    @Test
    default void exported_rows_leave_and_the_backlog_shrinks_with_them() {
        User ann = user();
        String target = StoreFixture.unique("target-");
        queue().register(target, T0);
        Chat chat = group(ann);
        send(chat, ann, "one");
        List<ExportEvent> pending = queue().pending(target, 100);
        assertThat(queue().backlog(target).oldest()).isEqualTo(T0);

        queue().exported(target, List.of(pending.get(0).rowId()));
        queue().exported(target, List.of(pending.get(0).rowId()));
        assertThat(queue().pending(target, 100)).containsExactly(pending.get(1));
        queue().exported(target, List.of(pending.get(1).rowId()));
        assertThat(queue().backlog(target)).isEqualTo(new ExportQueue.Backlog(0, null));
    }

    @Test
    default void one_owner_at_a_time_holds_a_target_until_its_lease_expires_or_is_released() {
        String target = StoreFixture.unique("target-");
        assertThat(queue().lease(target, "a", T0, LEASE)).as("not registered").isFalse();
        queue().register(target, T0);
        assertThat(queue().lease(target, "a", T0, LEASE)).isTrue();
        assertThat(queue().lease(target, "b", T0.plusSeconds(1), LEASE)).isFalse();
        assertThat(queue().lease(target, "a", T0.plusSeconds(20), LEASE)).as("renewed").isTrue();
        assertThat(queue().lease(target, "b", T0.plusSeconds(40), LEASE)).as("the renewal holds").isFalse();
        assertThat(queue().lease(target, "b", T0.plusSeconds(50), LEASE)).as("expired").isTrue();
        queue().release(target, "a");
        assertThat(queue().lease(target, "a", T0.plusSeconds(51), LEASE)).as("a release by a former owner changes nothing").isFalse();
        queue().release(target, "b");
        assertThat(queue().lease(target, "a", T0.plusSeconds(51), LEASE)).isTrue();
    }
}
