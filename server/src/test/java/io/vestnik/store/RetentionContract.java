package io.vestnik.store;

import static io.vestnik.store.StoreFixture.T0;
import static io.vestnik.store.StoreFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.domain.Attachment;
import io.vestnik.domain.Chat;
import io.vestnik.domain.Message;
import io.vestnik.domain.Session;
import io.vestnik.domain.User;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the cleanup job relies on. Old rows are dated long before {@link StoreFixture#T0}, which
 * the other contracts use, so a removal by age never reaches another test's rows.
 */
public interface RetentionContract extends StoreFixture {
    Instant LONG_AGO = T0.minus(Duration.ofDays(400));
    Instant CUTOFF = T0.minus(Duration.ofDays(200));
    Instant JUST_AFTER_CUTOFF = CUTOFF.plus(Duration.ofHours(1));

    @Test
    default void expired_sessions_are_removed_and_active_ones_kept() {
        SessionStore sessions = storage().sessions();
        User ann = user();
        Session expired = session(ann, LONG_AGO, LONG_AGO.plus(Duration.ofHours(1)));
        Session revoked = session(ann, LONG_AGO, T0.plus(Duration.ofDays(30)));
        sessions.revoke(revoked.id(), ann.id(), LONG_AGO.plusSeconds(1));
        Session active = session(ann, LONG_AGO, T0.plus(Duration.ofDays(30)));
        Session endedLately = session(ann, LONG_AGO, JUST_AFTER_CUTOFF);

        assertThat(sessions.deleteEnded(CUTOFF, 1_000)).isGreaterThanOrEqualTo(2);

        assertThat(sessions.find(expired.id())).isEmpty();
        assertThat(sessions.find(revoked.id())).isEmpty();
        assertThat(sessions.find(active.id())).isPresent();
        assertThat(sessions.find(endedLately.id())).isPresent();
    }

    @Test
    default void orphaned_uploads_older_than_a_day_are_removed_and_sent_ones_kept() {
        User ann = user();
        Chat chat = group(ann);
        Attachment orphan = upload(ann, LONG_AGO);
        Attachment sent = upload(ann, LONG_AGO);
        Attachment fresh = upload(ann, JUST_AFTER_CUTOFF);
        storage().messages().append(new MessageStore.NewMessage(chat.id(), ann.id(), unique("c-"), "see file",
                null, null, List.of(sent.id()), T0));

        assertThat(storage().attachments().deleteOrphans(CUTOFF, 1_000)).isGreaterThanOrEqualTo(1);

        assertThat(storage().attachments().find(orphan.id())).isEmpty();
        assertThat(storage().attachments().find(sent.id())).isPresent();
        assertThat(storage().attachments().find(fresh.id())).isPresent();
    }

    @Test
    default void messages_older_than_retention_are_removed_in_batches_and_seq_is_never_reused() {
        User ann = user();
        Chat chat = group(ann);
        Attachment file = upload(ann, LONG_AGO);
        storage().messages().append(new MessageStore.NewMessage(chat.id(), ann.id(), unique("c-"), "ancient scroll",
                null, null, List.of(file.id()), LONG_AGO));
        for (int i = 0; i < 4; i++) sendAt(chat, ann, "ancient words", LONG_AGO);
        storage().pins().pin(chat.id(), 2, ann.id(), LONG_AGO);
        sendAt(chat, ann, "recent one", T0);
        sendAt(chat, ann, "recent two", T0);

        assertThat(storage().messages().deleteOlderThan(CUTOFF, 2)).isEqualTo(2);
        drain(2);

        assertThat(storage().messages().after(chat.id(), 0, 10)).extracting(Message::seq).containsExactly(6L, 7L);
        assertThat(storage().pins().pinned(chat.id())).isEmpty();
        assertThat(storage().attachments().find(file.id())).isEmpty();
        assertThat(search(ann, "ancient", chat.id())).isEmpty();
        assertThat(storage().chats().find(chat.id()).orElseThrow().lastSeq()).isEqualTo(7);
        assertThat(send(chat, ann, "after cleanup").seq()).isEqualTo(8);
    }

    @Test
    default void removing_messages_moves_the_chat_version() {
        User ann = user();
        Chat aged = group(ann);
        Chat current = group(ann);
        sendAt(aged, ann, "old", LONG_AGO);
        sendAt(aged, ann, "new", T0);
        sendAt(current, ann, "new", T0);
        long agedBefore = storage().chats().version(aged.id());
        long currentBefore = storage().chats().version(current.id());

        drain(1_000);

        assertThat(storage().chats().version(aged.id())).isGreaterThan(agedBefore);
        assertThat(storage().chats().version(current.id())).isEqualTo(currentBefore);
    }

    private Session session(User user, Instant createdAt, Instant expiresAt) {
        return storage().sessions().create(user.id(), unique("hash-"), "test", "127.0.0.1", createdAt, expiresAt);
    }

    private Attachment upload(User user, Instant at) {
        return StoreFixture.upload(storage(), user.id(), "f.bin", "application/octet-stream", 3, at);
    }


    /** Removes every message before the cutoff, checking no batch exceeds {@code limit}. */
    private void drain(int limit) {
        int removed;
        do {
            removed = storage().messages().deleteOlderThan(CUTOFF, limit);
            assertThat(removed).isBetween(0, limit);
        } while (removed > 0);
    }
}
