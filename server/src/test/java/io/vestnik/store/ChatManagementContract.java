package io.vestnik.store;

import static io.vestnik.store.StoreFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.domain.Chat;
import io.vestnik.domain.ChatKind;
import io.vestnik.domain.Member;
import io.vestnik.domain.User;
import io.vestnik.store.ChatStore.MemberState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A group's profile, members' own state of a chat, hiding, deleting, and the owner leaving. */
public interface ChatManagementContract extends StoreFixture {

    @Test
    default void a_profile_change_is_read_back_and_moves_the_version() {
        Chat chat = group(user());
        long before = storage().chats().version(chat.id());
        int changesBefore = storage().changes().after(chat.id(), 0, 100).size();
        assertThat(storage().chats().updateProfile(chat.id(), new ChatStore.Profile("Renamed", "About us", "https://cdn.example/a.png"), T0)).isTrue();
        List<io.vestnik.domain.Change> logged = storage().changes().after(chat.id(), 0, 100);
        assertThat(logged).hasSize(changesBefore + 1);
        assertThat(logged.getLast().kind()).isEqualTo(io.vestnik.domain.Change.CHAT_PROFILE);
        assertThat(logged.getLast().data()).contains("\"title\":\"Renamed\"").contains("\"avatar_url\":\"https://cdn.example/a.png\"");
        Chat read = storage().chats().find(chat.id()).orElseThrow();
        assertThat(List.of(read.title(), read.description(), read.avatarUrl())).containsExactly("Renamed", "About us", "https://cdn.example/a.png");
        assertThat(storage().chats().version(chat.id())).isGreaterThan(before);
        assertThat(storage().chats().updateProfile(Long.MAX_VALUE, new ChatStore.Profile("x", null, null), T0)).isFalse();
    }

    @Test
    default void a_members_state_is_their_own_and_archived_chats_are_filtered() {
        User ann = user();
        User bob = user();
        Chat kept = group(ann, bob);
        Chat archived = group(ann, bob);
        MemberState state = new MemberState(true, true, T0.plusSeconds(60), true);
        assertThat(storage().chats().putState(archived.id(), ann.id(), state)).isTrue();
        assertThat(storage().chats().state(archived.id(), ann.id())).contains(state);
        assertThat(storage().chats().state(archived.id(), bob.id())).contains(MemberState.DEFAULT);
        assertThat(storage().chats().states(ann.id())).containsOnlyKeys(archived.id());
        assertThat(storage().chats().listForUser(ann.id(), true, null, 10)).extracting(Chat::id).containsExactly(archived.id());
        assertThat(storage().chats().listForUser(ann.id(), false, null, 10)).extracting(Chat::id).containsExactly(kept.id());
        assertThat(storage().chats().listForUser(bob.id(), false, null, 10)).hasSize(2);
        assertThat(storage().chats().putState(archived.id(), user().id(), state)).isFalse();
    }

    @Test
    default void reading_clears_marked_unread_even_when_the_position_does_not_move() {
        User ann = user();
        Chat chat = group(ann);
        storage().chats().putState(chat.id(), ann.id(), new MemberState(false, false, null, true));
        storage().chats().markRead(chat.id(), ann.id(), 0);
        assertThat(storage().chats().state(chat.id(), ann.id())).contains(MemberState.DEFAULT);
    }

    @Test
    default void a_hidden_chat_returns_to_the_list_with_its_next_message() {
        User ann = user();
        User bob = user();
        Chat direct = storage().chats().create(new ChatStore.NewChat(ChatKind.DIRECT, null, null, ann.id(), List.of(bob.id()),
                StoreFixture.unique("direct:")), T0).chat();
        send(direct, bob, "hello");
        assertThat(storage().chats().hide(direct.id(), ann.id())).isTrue();
        assertThat(storage().chats().listForUser(ann.id(), null, null, 10)).isEmpty();
        assertThat(storage().chats().listForUser(bob.id(), null, null, 10)).hasSize(1);
        send(direct, bob, "again");
        assertThat(storage().chats().listForUser(ann.id(), null, null, 10)).extracting(Chat::id).containsExactly(direct.id());
    }

    @Test
    default void deleting_removes_every_member_and_returns_them() {
        User ann = user();
        User bob = user();
        Chat chat = group(ann, bob);
        assertThat(storage().chats().delete(chat.id(), T0)).containsExactlyInAnyOrder(ann.id(), bob.id());
        assertThat(storage().chats().isMember(chat.id(), ann.id())).isFalse();
        assertThat(storage().chats().listForUser(bob.id(), null, null, 10)).isEmpty();
    }

    @Test
    default void when_the_owner_leaves_the_oldest_remaining_member_becomes_owner() {
        User owner = user();
        User first = user();
        User later = user();
        Chat chat = group(owner, first);
        storage().chats().addMember(chat.id(), later.id(), Member.MEMBER, T0.plusSeconds(10));
        assertThat(storage().chats().removeMember(chat.id(), owner.id())).isTrue();
        Chat after = storage().chats().find(chat.id()).orElseThrow();
        assertThat(after.member(first.id()).role()).isEqualTo(Member.OWNER);
        assertThat(after.member(later.id()).role()).isEqualTo(Member.MEMBER);
    }
}
