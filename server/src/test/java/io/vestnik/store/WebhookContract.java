package io.vestnik.store;

import static io.vestnik.store.StoreFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.domain.Chat;
import io.vestnik.domain.EventType;
import io.vestnik.domain.Member;
import io.vestnik.domain.User;
import io.vestnik.domain.Webhook;
import io.vestnik.domain.WebhookEvent;
import io.vestnik.store.WebhookQueue.Claimed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Webhook endpoints and the outbox: written with the change, claimed under leases, in order per chat. */
public interface WebhookContract extends StoreFixture {
    Duration LEASE = Duration.ofSeconds(30);
    /** After every stored time of these tests (T0, and the wall clock of reads and removals). */
    Instant LATER = T0.plusSeconds(3600);

    /** Endpoints subscribe to every chat: a test's endpoint comes alone, so it sees no other test's events. */
    default Webhook webhook(EventType... types) {
        storage().webhooks().list().forEach(w -> storage().webhooks().delete(w.id()));
        return storage().webhooks().create("http://127.0.0.1:1/hook", EnumSet.of(types[0], types), "s3cret", T0);
    }

    /** Claims and acknowledges until nothing is due: what the endpoint would receive, in order. */
    default List<WebhookEvent> drain(Webhook webhook) {
        List<WebhookEvent> received = new ArrayList<>();
        for (List<Claimed> batch; !(batch = storage().webhookQueue().claim(LATER, LEASE, 100)).isEmpty(); ) {
            for (Claimed c : batch) {
                assertThat(c.event().webhookId()).isEqualTo(webhook.id());
                received.add(c.event());
                storage().webhookQueue().delivered(c.rowId());
            }
        }
        return received;
    }

    @Test
    default void keeps_endpoints_without_their_secret_and_deletes_them() {
        Webhook created = webhook(EventType.MESSAGE_CREATED, EventType.CHAT_CREATED);
        assertThat(created.events()).containsExactly(EventType.MESSAGE_CREATED, EventType.CHAT_CREATED);
        assertThat(storage().webhooks().find(created.id())).contains(created);
        assertThat(storage().webhooks().list()).contains(created);
        assertThat(storage().webhooks().delete(created.id())).isTrue();
        assertThat(storage().webhooks().delete(created.id())).isFalse();
        assertThat(storage().webhooks().find(created.id())).isEmpty();
    }

    @Test
    default void writes_each_change_s_event_with_it_for_the_endpoints_that_take_its_type() {
        User ann = user();
        User bob = user();
        Chat before = group(ann, bob);
        send(before, ann, "before the webhook");
        Webhook all = webhook(EventType.CHAT_CREATED, EventType.MESSAGE_CREATED, EventType.MESSAGE_UPDATED,
                EventType.MESSAGE_DELETED, EventType.MEMBER_ADDED, EventType.MEMBER_REMOVED, EventType.MESSAGE_READ);
        Chat chat = group(ann, bob);
        send(chat, ann, "hello");
        storage().messages().edit(chat.id(), 1, "hello!", T0.plusSeconds(1));
        storage().chats().markRead(chat.id(), bob.id(), 1);
        storage().messages().delete(chat.id(), 1, null, T0.plusSeconds(2));
        User cid = user();
        storage().chats().addMember(chat.id(), cid.id(), Member.MEMBER, T0);
        storage().chats().removeMember(chat.id(), cid.id());
        List<WebhookEvent> events = drain(all);
        assertThat(events).extracting(WebhookEvent::type).containsExactly(EventType.CHAT_CREATED, EventType.MESSAGE_CREATED,
                EventType.MESSAGE_UPDATED, EventType.MESSAGE_READ, EventType.MESSAGE_DELETED, EventType.MEMBER_ADDED,
                EventType.MEMBER_REMOVED);
        assertThat(events.get(1).data()).contains("\"body\":\"hello\"").contains("\"chat_id\":" + chat.id());
        assertThat(events.get(2).data()).contains("\"body\":\"hello!\"");
        assertThat(events).extracting(WebhookEvent::id).doesNotHaveDuplicates();
    }

    @Test
    default void writes_nothing_for_a_type_no_endpoint_takes_nor_for_a_refused_change() {
        Webhook reads = webhook(EventType.MESSAGE_READ);
        User ann = user();
        User bob = user();
        Chat chat = group(ann, bob);
        send(chat, ann, "not subscribed");
        storage().chats().markRead(chat.id(), bob.id(), 1);
        storage().chats().markRead(chat.id(), bob.id(), 1);
        assertThat(drain(reads)).extracting(WebhookEvent::type).containsExactly(EventType.MESSAGE_READ);
    }

    @Test
    default void group_committed_sends_are_written_in_seq_order() {
        Webhook created = webhook(EventType.MESSAGE_CREATED);
        User ann = user();
        Chat chat = group(ann);
        List<CompletableFuture<MessageStore.Appended>> sends = new ArrayList<>();
        for (int i = 1; i <= 50; i++) sends.add(storage().messages().appendQueued(text(chat, ann, "m" + i)));
        sends.forEach(CompletableFuture::join);
        List<WebhookEvent> events = drain(created);
        assertThat(events).hasSize(50);
        for (int i = 0; i < 50; i++) assertThat(events.get(i).data()).contains("\"seq\":" + (i + 1) + ",");
    }

    @Test
    default void hands_out_a_chat_s_events_one_at_a_time_and_other_chats_alongside() {
        Webhook created = webhook(EventType.MESSAGE_CREATED);
        User ann = user();
        Chat one = group(ann);
        Chat two = group(ann);
        send(one, ann, "one-1");
        send(one, ann, "one-2");
        send(two, ann, "two-1");
        List<Claimed> first = storage().webhookQueue().claim(LATER, LEASE, 100);
        assertThat(first).extracting(c -> c.event().data()).satisfiesExactly(
                d -> assertThat(d).contains("one-1"), d -> assertThat(d).contains("two-1"));
        storage().webhookQueue().retryAt(first.get(0), LATER, "HTTP 500");
        assertThat(storage().webhookQueue().claim(LATER, LEASE, 100)).extracting(c -> c.event().data())
                .singleElement().satisfies(d -> assertThat(d).contains("one-1"));
        assertThat(created.id()).isPositive();
    }

    @Test
    default void a_leased_event_is_not_handed_out_again_until_its_lease_expires() {
        Webhook created = webhook(EventType.MESSAGE_CREATED);
        User ann = user();
        send(group(ann), ann, "leased");
        Claimed first = storage().webhookQueue().claim(LATER, LEASE, 100).getFirst();
        assertThat(storage().webhookQueue().claim(LATER.plus(LEASE).minusMillis(1), LEASE, 100)).isEmpty();
        Claimed again = storage().webhookQueue().claim(LATER.plus(LEASE), LEASE, 100).getFirst();
        assertThat(again.event().id()).isEqualTo(first.event().id());
        assertThat(again.event().attempts()).isEqualTo(2);
        storage().webhookQueue().retryAt(first, LATER, "late answer of the first claim");
        assertThat(storage().webhookQueue().claim(LATER.plus(LEASE), LEASE, 100)).as("the stale claim changed nothing").isEmpty();
        assertThat(created.id()).isPositive();
    }

    @Test
    default void a_dead_event_stops_blocking_its_chat_and_is_replayed_on_demand() {
        Webhook created = webhook(EventType.MESSAGE_CREATED);
        User ann = user();
        Chat chat = group(ann);
        send(chat, ann, "dies");
        send(chat, ann, "after");
        Claimed dying = storage().webhookQueue().claim(LATER, LEASE, 100).getFirst();
        storage().webhookQueue().deadLetter(dying, LATER, "HTTP 500");
        assertThat(storage().webhookQueue().deadLetters(1000)).extracting(WebhookEvent::id).contains(dying.event().id());
        assertThat(drain(created)).singleElement().satisfies(e -> assertThat(e.data()).contains("after"));
        WebhookEvent replayed = storage().webhookQueue().replay(dying.event().id(), LATER).orElseThrow();
        assertThat(replayed.deadAt()).isNull();
        assertThat(storage().webhookQueue().replay(dying.event().id(), LATER)).isEmpty();
        Claimed again = storage().webhookQueue().claim(LATER, LEASE, 100).getFirst();
        assertThat(again.event().id()).isEqualTo(dying.event().id());
        assertThat(again.retryFrom()).isEqualTo(LATER);
        assertThat(storage().webhookQueue().replay("evt_nope", LATER)).isEmpty();
    }

    @Test
    default void deleting_an_endpoint_drops_its_waiting_events() {
        Webhook created = webhook(EventType.MESSAGE_CREATED);
        User ann = user();
        send(group(ann), ann, "orphan");
        storage().webhooks().delete(created.id());
        assertThat(storage().webhookQueue().claim(LATER, LEASE, 100)).isEmpty();
        assertThat(Set.of(created.id())).isNotEmpty();
    }

    /** The {@code message.unread} events of one chat among all announced now (other tests' chats are due too). */
    default List<WebhookEvent> unreadIn(Webhook hook, Chat chat, Instant storedBefore) {
        storage().unreadHook().announce(storedBefore, LATER, 100_000);
        return drain(hook).stream().filter(e -> e.data().contains("\"chat_id\":" + chat.id() + ",")).toList();
    }

    @Test
    default void message_unread_fires_once_per_member_and_run_of_unread_messages_once_they_are_old_enough() {
        Webhook hook = webhook(EventType.MESSAGE_UNREAD);
        User ann = user();
        User bob = user();
        User cid = user();
        Chat chat = group(ann, bob, cid);
        send(chat, ann, "first");
        send(chat, ann, "second");
        storage().chats().markRead(chat.id(), bob.id(), 2);
        assertThat(unreadIn(hook, chat, T0.minusMillis(1))).as("not old enough yet").isEmpty();
        assertThat(unreadIn(hook, chat, T0)).singleElement().satisfies(e -> assertThat(e.data())
                .contains("\"recipient\":{\"user_id\":" + cid.id() + ",").contains("\"unread_count\":2")
                .contains("\"preview\":\"second\"").contains("\"sender\":{\"user_id\":" + ann.id() + ","));
        assertThat(unreadIn(hook, chat, T0)).as("once").isEmpty();
        send(chat, ann, "third");
        assertThat(unreadIn(hook, chat, T0)).as("a new run for bob, who had read; the rest for cid").satisfiesExactly(
                e -> assertThat(e.data()).contains("\"recipient\":{\"user_id\":" + bob.id() + ",").contains("\"unread_count\":1"),
                e -> assertThat(e.data()).contains("\"recipient\":{\"user_id\":" + cid.id() + ",").contains("\"unread_count\":3"));
    }

    @Test
    default void message_unread_leaves_out_messages_of_senders_the_member_blocks() {
        Webhook hook = webhook(EventType.MESSAGE_UNREAD);
        User ann = user();
        User bob = user();
        User cid = user();
        Chat chat = group(ann, bob, cid);
        storage().userBlocks().block(cid.id(), bob.id(), T0);
        send(chat, bob, "blocked");
        assertThat(unreadIn(hook, chat, T0)).as("nothing unread that cid is shown").singleElement()
                .satisfies(e -> assertThat(e.data()).contains("\"recipient\":{\"user_id\":" + ann.id() + ","));
        send(chat, ann, "shown");
        send(chat, bob, "blocked again");
        assertThat(unreadIn(hook, chat, T0)).filteredOn(e -> e.data().contains("\"recipient\":{\"user_id\":" + cid.id() + ","))
                .singleElement().satisfies(e -> assertThat(e.data()).contains("\"unread_count\":1").contains("\"preview\":\"shown\""));
    }
}
