package io.vestnik.store;

import static io.vestnik.store.StoreFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vestnik.domain.Attachment;
import io.vestnik.domain.Chat;
import io.vestnik.domain.Message;
import io.vestnik.domain.MessageRef;
import io.vestnik.domain.User;
import io.vestnik.store.MessageStore.NewMessage;
import io.vestnik.store.MessageStore.Refusal;
import io.vestnik.store.MessageStore.Refused;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Appending, reading, editing and deleting messages. */
public interface MessageContract extends StoreFixture {

    @Test
    default void numbers_a_chats_messages_one_two_three() {
        User ann = user();
        Chat chat = group(ann);
        List<Long> seqs = List.of(send(chat, ann, "a").seq(), send(chat, ann, "b").seq(), send(chat, ann, "c").seq());
        assertThat(seqs).containsExactly(1L, 2L, 3L);
        assertThat(storage().chats().find(chat.id()).orElseThrow().lastSeq()).isEqualTo(3);
    }

    @Test
    default void returns_first_message_for_repeated_client_id() {
        User ann = user();
        Chat chat = group(ann);
        NewMessage first = text(chat, ann, "hello");
        var stored = storage().messages().append(first);
        var retried = storage().messages().append(new NewMessage(chat.id(), ann.id(), first.clientId(), "changed",
                null, null, List.of(), T0.plusSeconds(5)));
        assertThat(stored.created()).isTrue();
        assertThat(retried.created()).isFalse();
        assertThat(retried.message()).isEqualTo(stored.message());
        assertThat(storage().messages().after(chat.id(), 0, 10)).hasSize(1);
    }

    @Test
    default void refuses_append_from_non_member_and_stores_nothing() {
        User ann = user();
        User stranger = user();
        Chat chat = group(ann);
        assertThatThrownBy(() -> send(chat, stranger, "hi"))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason()).isEqualTo(Refusal.NOT_MEMBER));
        assertThat(storage().messages().after(chat.id(), 0, 10)).isEmpty();
        assertThat(storage().chats().find(chat.id()).orElseThrow().lastSeq()).isZero();
    }

    @Test
    default void refuses_append_to_unknown_chat() {
        User ann = user();
        var message = new NewMessage(Long.MAX_VALUE, ann.id(), "c", "hi", null, null, List.of(), T0);
        assertThatThrownBy(() -> storage().messages().append(message))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason()).isEqualTo(Refusal.NO_SUCH_CHAT));
    }

    @Test
    default void refuses_reply_to_unknown_seq_and_stores_nothing() {
        User ann = user();
        Chat chat = group(ann);
        send(chat, ann, "first");
        var reply = new NewMessage(chat.id(), ann.id(), "r", "re", 7L, null, List.of(), T0);
        assertThatThrownBy(() -> storage().messages().append(reply))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason()).isEqualTo(Refusal.REPLY_TO_UNKNOWN));
        var valid = new NewMessage(chat.id(), ann.id(), "r2", "re", 1L, null, List.of(), T0);
        assertThat(storage().messages().append(valid).message().seq()).isEqualTo(2);
    }

    @Test
    default void attaches_only_own_unattached_uploads() {
        User ann = user();
        User bob = user();
        Chat chat = group(ann, bob);
        Attachment mine = storage().attachments().save(ann.id(), "a.txt", "text/plain", new byte[] {1, 2}, T0);
        Attachment bobs = storage().attachments().save(bob.id(), "b.txt", "text/plain", new byte[] {3}, T0);
        var withBobs = new NewMessage(chat.id(), ann.id(), "x", "file", null, null, List.of(bobs.id()), T0);
        assertThatThrownBy(() -> storage().messages().append(withBobs))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason()).isEqualTo(Refusal.ATTACHMENT_UNKNOWN));
        var withMine = new NewMessage(chat.id(), ann.id(), "y", "file", null, null, List.of(mine.id()), T0);
        assertThat(storage().messages().append(withMine).message().attachments()).containsExactly(mine);
        assertThat(storage().attachments().owner(mine.id())).contains(new AttachmentStore.Owner(ann.id(), chat.id()));
        var again = new NewMessage(chat.id(), ann.id(), "z", "again", null, null, List.of(mine.id()), T0);
        assertThatThrownBy(() -> storage().messages().append(again)).isInstanceOf(Refused.class);
        assertThat(storage().chats().find(chat.id()).orElseThrow().lastSeq()).isEqualTo(1);
    }

    @Test
    default void stores_forward_source_and_reply_as_given() {
        User ann = user();
        Chat chat = group(ann);
        send(chat, ann, "original");
        var forward = new NewMessage(chat.id(), ann.id(), "f", "fwd", 1L, new MessageRef(99, 4), List.of(), T0);
        Message stored = storage().messages().append(forward).message();
        assertThat(storage().messages().find(chat.id(), 2)).contains(stored);
        assertThat(stored.forwardedFrom()).isEqualTo(new MessageRef(99, 4));
        assertThat(stored.replyToSeq()).isEqualTo(1L);
    }

    @Test
    default void pages_history_in_ascending_seq_order() {
        User ann = user();
        Chat chat = group(ann);
        for (int i = 1; i <= 6; i++) send(chat, ann, "m" + i);
        assertThat(storage().messages().before(chat.id(), 5, 2)).extracting(Message::seq).containsExactly(3L, 4L);
        assertThat(storage().messages().after(chat.id(), 2, 3)).extracting(Message::seq).containsExactly(3L, 4L, 5L);
        assertThat(storage().messages().after(chat.id(), 6, 3)).isEmpty();
    }

    @Test
    default void edits_only_live_messages_and_records_edit_time() {
        User ann = user();
        Chat chat = group(ann);
        send(chat, ann, "typo");
        Message edited = storage().messages().edit(chat.id(), 1, "fixed", T0.plusSeconds(60)).orElseThrow();
        assertThat(edited.body()).isEqualTo("fixed");
        assertThat(edited.editedAt()).isEqualTo(T0.plusSeconds(60));
        storage().messages().delete(chat.id(), 1, null, T0.plusSeconds(90));
        assertThat(storage().messages().edit(chat.id(), 1, "again", T0.plusSeconds(120))).isEmpty();
        assertThat(storage().messages().edit(chat.id(), 2, "none", T0)).isEmpty();
    }

    @Test
    default void delete_leaves_tombstone_without_body_attachments_or_pin() {
        User ann = user();
        Chat chat = group(ann);
        Attachment file = storage().attachments().save(ann.id(), "a.txt", "text/plain", new byte[] {1}, T0);
        storage().messages().append(new NewMessage(chat.id(), ann.id(), "c", "secret", null, null, List.of(file.id()), T0));
        storage().pins().pin(chat.id(), 1, ann.id(), T0);
        Message tombstone = storage().messages().delete(chat.id(), 1, null, T0.plusSeconds(1)).orElseThrow();
        assertThat(tombstone.deleted()).isTrue();
        assertThat(tombstone.body()).isEmpty();
        assertThat(tombstone.attachments()).isEmpty();
        assertThat(tombstone.seq()).isEqualTo(1);
        assertThat(storage().pins().pinned(chat.id())).isEmpty();
        assertThat(storage().attachments().content(file.id())).isEmpty();
        assertThat(storage().messages().delete(chat.id(), 1, null, T0.plusSeconds(2))).isEmpty();
        assertThat(send(chat, ann, "next").seq()).isEqualTo(2);
    }
}
