package io.vestnik.store;

import static io.vestnik.store.StoreFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.vestnik.domain.Chat;
import io.vestnik.domain.ChatContext;
import io.vestnik.domain.ChatKind;
import io.vestnik.domain.Member;
import io.vestnik.domain.Message;
import io.vestnik.domain.User;
import io.vestnik.store.ChatStore.Cursor;
import io.vestnik.store.ChatStore.NewChat;
import io.vestnik.store.ChatStore.Unread;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Chats, members, read positions and pins. */
public interface ChatContract extends StoreFixture {

    @Test
    default void creates_chat_with_owner_and_members_ordered_by_user_id() {
        User ann = user();
        User bob = user();
        User cid = user();
        var listing = new NewChat(ChatKind.LISTING, "Bike", new ChatContext("listing", "42"), cid.id(),
                List.of(bob.id(), ann.id(), cid.id()), null);
        ChatStore.Created created = storage().chats().create(listing, T0);
        assertThat(created.created()).isTrue();
        assertThat(created.chat().members()).containsExactly(new Member(ann.id(), Member.MEMBER, 0),
                new Member(bob.id(), Member.MEMBER, 0), new Member(cid.id(), Member.OWNER, 0));
        assertThat(storage().chats().find(created.chat().id())).contains(created.chat());
        assertThat(created.chat().context()).isEqualTo(new ChatContext("listing", "42"));
        assertThat(created.chat().lastActivityAt()).isEqualTo(T0);
    }

    @Test
    default void returns_existing_chat_for_same_unique_key() {
        User ann = user();
        User bob = user();
        String key = StoreFixture.unique("direct:");
        var first = storage().chats().create(new NewChat(ChatKind.DIRECT, null, null, ann.id(), List.of(bob.id()), key), T0);
        var second = storage().chats().create(new NewChat(ChatKind.DIRECT, null, null, bob.id(), List.of(ann.id()), key), T0);
        assertThat(second.created()).isFalse();
        assertThat(second.chat()).isEqualTo(first.chat());
    }

    @Test
    default void lists_chats_by_recent_activity_with_keyset_paging() {
        User ann = user();
        Chat quiet = group(ann);
        Chat busy = group(ann);
        Chat tied = group(ann);
        storage().messages().append(new MessageStore.NewMessage(busy.id(), ann.id(), "x", "hi", null, null, List.of(),
                T0.plusSeconds(60)));
        List<Chat> page1 = storage().chats().listForUser(ann.id(), null, 2);
        assertThat(page1).extracting(Chat::id).containsExactly(busy.id(), tied.id());
        Chat last = page1.getLast();
        List<Chat> page2 = storage().chats().listForUser(ann.id(), new Cursor(last.lastActivityAt(), last.id()), 2);
        assertThat(page2).extracting(Chat::id).containsExactly(quiet.id());
        assertThat(storage().chats().listForUser(user().id(), null, 10)).isEmpty();
    }

    @Test
    default void read_position_only_moves_forward_and_caps_at_last_seq() {
        User ann = user();
        User bob = user();
        Chat chat = group(ann, bob);
        for (int i = 0; i < 5; i++) send(chat, ann, "m");
        assertThat(storage().chats().markRead(chat.id(), bob.id(), 3)).isEqualTo(3);
        assertThat(storage().chats().markRead(chat.id(), bob.id(), 2)).isEqualTo(3);
        assertThat(storage().chats().markRead(chat.id(), bob.id(), 99)).isEqualTo(5);
        assertThat(storage().chats().find(chat.id()).orElseThrow().member(bob.id()).lastReadSeq()).isEqualTo(5);
    }

    @Test
    default void delivered_position_only_moves_forward_and_never_past_the_last_seq() {
        User ann = user();
        User bob = user();
        Chat chat = direct(ann, bob);
        for (int i = 0; i < 5; i++) send(chat, ann, "m");
        long version = storage().chats().version(chat.id());
        assertThat(delivered(chat, bob, 3)).isTrue();
        assertThat(delivered(chat, bob, 3)).isFalse();
        assertThat(delivered(chat, bob, 2)).isFalse();
        assertThat(delivered(chat, bob, 6)).as("past the last seq").isFalse();
        assertThat(delivered(chat, bob, 5)).isTrue();
        assertThat(storage().chats().version(chat.id())).as("not part of a cached chat").isEqualTo(version);
    }

    private boolean delivered(Chat chat, User member, long seq) {
        return !storage().chats().markDelivered(List.of(new ChatStore.Delivered(chat.id(), member.id(), seq))).isEmpty();
    }

    private Chat direct(User a, User b) {
        return storage().chats().create(new NewChat(ChatKind.DIRECT, null, null, a.id(), List.of(b.id()),
                "direct:" + a.id() + ":" + b.id()), T0).chat();
    }

    @Test
    default void moves_many_delivered_positions_at_once_and_keeps_none_for_groups() {
        User ann = user();
        User bob = user();
        Chat group = group(ann, bob);
        Chat direct = direct(ann, bob);
        send(group, ann, "g1");
        send(direct, ann, "d1");
        ChatStore.Delivered groupBob = new ChatStore.Delivered(group.id(), bob.id(), 1);
        ChatStore.Delivered directBob = new ChatStore.Delivered(direct.id(), bob.id(), 1);
        ChatStore.Delivered tooFar = new ChatStore.Delivered(direct.id(), ann.id(), 9);

        assertThat(storage().chats().markDelivered(List.of(groupBob, directBob, tooFar))).containsExactly(directBob);
        assertThat(storage().chats().markDelivered(List.of(groupBob, directBob))).isEmpty();
    }

    @Test
    default void counts_unread_messages_from_others_above_read_position() {
        User ann = user();
        User bob = user();
        Chat chat = group(ann, bob);
        Chat silent = group(ann, bob);
        for (int i = 0; i < 4; i++) send(chat, ann, "from ann");
        send(chat, bob, "own message");
        send(silent, bob, "own message");
        storage().messages().delete(chat.id(), 4, null, T0);
        storage().chats().markRead(chat.id(), bob.id(), 1);
        assertThat(storage().chats().unread(bob.id())).containsExactly(new Unread(chat.id(), 2));
        assertThat(storage().chats().unread(ann.id())).containsExactly(new Unread(chat.id(), 1),
                new Unread(silent.id(), 1));
    }

    @Test
    default void contacts_are_distinct_users_sharing_a_chat() {
        User ann = user();
        User bob = user();
        User cid = user();
        user();
        group(ann, bob);
        group(bob, ann, cid);
        assertThat(storage().chats().contactsOf(ann.id())).containsExactly(bob.id(), cid.id());
    }

    @Test
    default void adds_and_removes_members() {
        User ann = user();
        User bob = user();
        Chat chat = group(ann);
        assertThat(storage().chats().isMember(chat.id(), bob.id())).isFalse();
        assertThat(storage().chats().addMember(chat.id(), bob.id(), Member.MEMBER, T0)).isTrue();
        assertThat(storage().chats().addMember(chat.id(), bob.id(), Member.MEMBER, T0)).isFalse();
        assertThat(storage().chats().isMember(chat.id(), bob.id())).isTrue();
        assertThat(storage().chats().chatIdsOf(bob.id())).containsExactly(chat.id());
        assertThat(storage().chats().removeMember(chat.id(), bob.id())).isTrue();
        assertThat(storage().chats().removeMember(chat.id(), bob.id())).isFalse();
        assertThat(storage().chats().isMember(chat.id(), bob.id())).isFalse();
        assertThat(storage().chats().isMember(Long.MAX_VALUE, ann.id())).isFalse();
    }

    @Test
    default void a_members_position_remembers_where_the_chat_stood_when_they_joined() {
        User ann = user();
        User bob = user();
        Chat chat = group(ann);
        send(chat, ann, "one");
        send(chat, ann, "two");
        storage().chats().addMember(chat.id(), bob.id(), Member.MEMBER, T0);
        send(chat, ann, "three");

        assertThat(storage().chats().positions(bob.id())).containsExactly(entry(chat.id(), new ChatStore.Position(2, 3)));
        assertThat(storage().chats().positions(ann.id())).containsExactly(entry(chat.id(), new ChatStore.Position(0, 3)));
    }

    @Test
    default void stream_snapshots_are_found_only_by_their_owner() {
        User ann = user();
        User bob = user();
        long id = storage().snapshots().save(ann.id(), java.util.Map.of(7L, 3L, 9L, 0L), T0);

        assertThat(storage().snapshots().find(id, ann.id())).contains(java.util.Map.of(7L, 3L, 9L, 0L));
        assertThat(storage().snapshots().find(id, bob.id())).isEmpty();
        assertThat(storage().snapshots().find(storage().snapshots().save(bob.id(), java.util.Map.of(), T0), bob.id()))
                .contains(java.util.Map.of());
    }

    @Test
    default void saving_the_positions_of_the_user_s_latest_snapshot_again_reuses_it_for_a_day() {
        User ann = user();
        SnapshotStore snapshots = storage().snapshots();
        long first = snapshots.save(ann.id(), java.util.Map.of(7L, 3L), T0);

        assertThat(snapshots.save(ann.id(), java.util.Map.of(7L, 3L), T0.plusSeconds(60))).isEqualTo(first);
        long moved = snapshots.save(ann.id(), java.util.Map.of(7L, 4L), T0.plusSeconds(120));
        assertThat(moved).isNotEqualTo(first);
        assertThat(snapshots.save(ann.id(), java.util.Map.of(7L, 4L), T0.plus(java.time.Duration.ofDays(2))))
                .as("an old snapshot is not handed out again: its cursors must outlive the stream").isNotEqualTo(moved);
        assertThat(snapshots.save(user().id(), java.util.Map.of(7L, 3L), T0.plusSeconds(180))).as("another user's").isNotEqualTo(first);
    }

    @Test
    default void a_user_keeps_only_their_latest_64_snapshots() {
        User ann = user();
        SnapshotStore snapshots = storage().snapshots();
        java.util.List<Long> ids = new java.util.ArrayList<>();
        for (long i = 0; i < 70; i++) ids.add(snapshots.save(ann.id(), java.util.Map.of(7L, i), T0.plusSeconds(i)));

        for (int i = 0; i < 6; i++) assertThat(snapshots.find(ids.get(i), ann.id())).as("snapshot %d", i).isEmpty();
        for (int i = 6; i < 70; i++) assertThat(snapshots.find(ids.get(i), ann.id())).as("snapshot %d", i).isPresent();
    }

    @Test
    default void pins_live_messages_most_recently_pinned_first() {
        User ann = user();
        Chat chat = group(ann);
        Message first = send(chat, ann, "one");
        Message second = send(chat, ann, "two");
        assertThat(storage().pins().pin(chat.id(), 1, ann.id(), T0)).isTrue();
        assertThat(storage().pins().pin(chat.id(), 1, ann.id(), T0)).isFalse();
        assertThat(storage().pins().pin(chat.id(), 2, ann.id(), T0.plusSeconds(1))).isTrue();
        assertThat(storage().pins().pin(chat.id(), 9, ann.id(), T0)).isFalse();
        assertThat(storage().pins().pinned(chat.id())).containsExactly(second, first);
        assertThat(storage().pins().unpin(chat.id(), 2, T0)).isTrue();
        assertThat(storage().pins().unpin(chat.id(), 2, T0)).isFalse();
        assertThat(storage().pins().pinned(chat.id())).containsExactly(first);
    }

    @Test
    default void version_moves_with_every_change_to_the_chat() {
        User ann = user();
        User bob = user();
        Chat chat = group(ann);
        ChatStore chats = storage().chats();
        MessageStore messages = storage().messages();
        long[] last = {chats.version(chat.id())};
        Runnable moved = () -> {
            long now = chats.version(chat.id());
            assertThat(now).isGreaterThan(last[0]);
            last[0] = now;
        };
        Runnable still = () -> assertThat(chats.version(chat.id())).isEqualTo(last[0]);

        send(chat, ann, "one");
        moved.run();
        messages.edit(chat.id(), 1, "one, edited", T0);
        moved.run();
        messages.delete(chat.id(), 1, null, T0);
        moved.run();
        messages.edit(chat.id(), 1, "a tombstone is not edited", T0);
        still.run();
        chats.addMember(chat.id(), bob.id(), Member.MEMBER, T0);
        moved.run();
        chats.addMember(chat.id(), bob.id(), Member.MEMBER, T0);
        still.run();
        send(chat, ann, "two");
        last[0] = chats.version(chat.id());
        chats.markRead(chat.id(), bob.id(), 2);
        moved.run();
        chats.markRead(chat.id(), bob.id(), 1);
        still.run();
        storage().pins().pin(chat.id(), 2, ann.id(), T0);
        chats.isMember(chat.id(), bob.id());
        still.run();
        chats.removeMember(chat.id(), bob.id());
        moved.run();
        assertThat(chats.version(Long.MAX_VALUE)).isEqualTo(-1);
    }
}
