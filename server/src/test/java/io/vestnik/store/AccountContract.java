package io.vestnik.store;

import static io.vestnik.store.StoreFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.domain.Attachment;
import io.vestnik.domain.Chat;
import io.vestnik.domain.Message;
import io.vestnik.domain.Session;
import io.vestnik.domain.User;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Users, sessions, files, and the engine's life cycle. */
public interface AccountContract extends StoreFixture {
    Duration MAX_LIFETIME = Duration.ofDays(90);

    @Test
    default void refuses_a_username_taken_in_any_case() {
        String name = StoreFixture.unique("Ann-");
        User ann = storage().users().create(name, "Ann", "hash", T0).orElseThrow();
        assertThat(storage().users().create(name.toUpperCase(), "Other", "hash", T0)).isEmpty();
        assertThat(storage().users().create("ext-" + ann.id(), "Sneaky", "hash", T0)).isEmpty();
        assertThat(storage().users().credentials(name.toLowerCase()))
                .contains(new UserStore.Credentials(ann, "hash"));
        assertThat(storage().users().findAll(List.of(ann.id(), Long.MAX_VALUE))).containsExactly(ann);
        assertThat(storage().users().findAll(List.of())).isEmpty();
    }

    @Test
    default void external_users_have_no_password_login() {
        User ext = storage().users().provisionExternal("iss", StoreFixture.unique("s-"), "Ext", T0);
        assertThat(storage().users().find(ext.id())).contains(ext);
        assertThat(storage().users().credentials(ext.username())).isEmpty();
    }

    @Test
    default void records_last_seen() {
        User ann = user();
        assertThat(storage().users().lastSeen(ann.id())).isEmpty();
        storage().users().updateLastSeen(ann.id(), T0.plusSeconds(30));
        assertThat(storage().users().lastSeen(ann.id())).contains(T0.plusSeconds(30));
    }

    @Test
    default void rotation_refuses_old_revoked_or_expired_tokens() {
        User ann = user();
        String first = StoreFixture.unique("h-");
        String second = StoreFixture.unique("h-");
        Session session = storage().sessions().create(ann.id(), first, "ua", "ip", T0, T0.plusSeconds(60));
        Session rotated = storage().sessions().rotate(first, second, T0.plusSeconds(1), T0.plusSeconds(120), MAX_LIFETIME).orElseThrow();
        assertThat(rotated.id()).isEqualTo(session.id());
        assertThat(rotated.expiresAt()).isEqualTo(T0.plusSeconds(120));
        assertThat(storage().sessions().rotate(first, "x" + first, T0.plusSeconds(2), T0.plusSeconds(120), MAX_LIFETIME)).isEmpty();
        assertThat(storage().sessions().rotate(second, "y" + second, T0.plusSeconds(121), T0.plusSeconds(200), MAX_LIFETIME)).isEmpty();
        assertThat(storage().sessions().revoke(session.id(), ann.id(), T0.plusSeconds(3))).isTrue();
        assertThat(storage().sessions().rotate(second, "z" + second, T0.plusSeconds(4), T0.plusSeconds(200), MAX_LIFETIME)).isEmpty();
    }

    @Test
    default void rotation_remembers_the_replaced_hash_and_never_extends_past_the_max_lifetime() {
        User ann = user();
        String first = StoreFixture.unique("h-");
        Session session = storage().sessions().create(ann.id(), first, "ua", "ip", T0, T0.plusSeconds(60));
        Session rotated = storage().sessions().rotate(first, StoreFixture.unique("h-"), T0.plusSeconds(50),
                T0.plusSeconds(500), Duration.ofSeconds(100)).orElseThrow();
        assertThat(rotated.expiresAt()).isEqualTo(T0.plusSeconds(100));
        assertThat(storage().sessions().findRotatedAway(first)).map(Session::id).contains(session.id());
        assertThat(storage().sessions().findRotatedAway(StoreFixture.unique("h-"))).isEmpty();
    }

    @Test
    default void lists_active_sessions_newest_first_and_revokes_only_own() {
        User ann = user();
        User bob = user();
        Session older = storage().sessions().create(ann.id(), StoreFixture.unique("h-"), "a", "ip", T0, T0.plusSeconds(99));
        Session newer = storage().sessions().create(ann.id(), StoreFixture.unique("h-"), "b", "ip", T0.plusSeconds(1), T0.plusSeconds(99));
        storage().sessions().create(ann.id(), StoreFixture.unique("h-"), "c", "ip", T0, T0.plusSeconds(5));
        assertThat(storage().sessions().listActive(ann.id(), T0.plusSeconds(10))).containsExactly(newer, older);
        assertThat(storage().sessions().revoke(older.id(), bob.id(), T0.plusSeconds(10))).isFalse();
        assertThat(storage().sessions().revoke(older.id(), ann.id(), T0.plusSeconds(10))).isTrue();
        assertThat(storage().sessions().revoke(older.id(), ann.id(), T0.plusSeconds(11))).isFalse();
        storage().sessions().touch(newer.id(), T0.plusSeconds(20));
        assertThat(storage().sessions().find(newer.id()).orElseThrow().lastSeenAt()).isEqualTo(T0.plusSeconds(20));
        assertThat(storage().sessions().listActive(ann.id(), T0.plusSeconds(10))).extracting(Session::id)
                .containsExactly(newer.id());
    }

    @Test
    default void concurrent_saves_never_pass_the_uploaders_quota() throws Exception {
        for (int round = 0; round < 10; round++) { // the first rounds also warm the pool up, so later ones truly overlap
            User ann = user();
            List<Boolean> saved = StoreFixture.concurrently(16, () -> storage().attachments().save(new AttachmentStore.NewAttachment(
                    ann.id(), "f.txt", "text/plain", 26, "ab".repeat(32), io.vestnik.blob.BlobKey.random(), T0), 100).isPresent());
            assertThat(saved).as("three files of 26 bytes fit in 100, a fourth does not").filteredOn(ok -> ok).hasSize(3);
            assertThat(storage().attachments().usedBytes(ann.id())).isEqualTo(78);
        }
        assertThat(storage().attachments().usedBytes(user().id())).as("the quota is each user's").isZero();
    }

    @Test
    default void stores_attachment_metadata_with_its_blob_key() {
        User ann = user();
        String key = io.vestnik.blob.BlobKey.random();
        Attachment saved = storage().attachments().save(new AttachmentStore.NewAttachment(ann.id(), "f.bin",
                "application/octet-stream", 4, "cd".repeat(32), key, T0), 100).orElseThrow();
        assertThat(saved.size()).isEqualTo(4);
        assertThat(saved.sha256()).isEqualTo("cd".repeat(32));
        assertThat(storage().attachments().find(saved.id())).contains(saved);
        assertThat(storage().attachments().stored(saved.id())).contains(new AttachmentStore.Stored(saved, key));
        assertThat(storage().attachments().databaseContent(saved.id())).as("new files are never in the database").isEmpty();
        assertThat(storage().attachments().owner(saved.id())).contains(new AttachmentStore.Owner(ann.id(), null));
    }

    @Test
    default void state_survives_reopening_the_database() {
        User ann = user();
        Chat chat = group(ann);
        Message sent = send(chat, ann, "durable");
        Storage reopened = reopen();
        assertThat(reopened.users().find(ann.id())).contains(ann);
        assertThat(reopened.chats().find(chat.id()).orElseThrow().lastSeq()).isEqualTo(1);
        assertThat(reopened.messages().find(chat.id(), 1)).contains(sent);
        assertThat(search(ann, "durable", chat.id())).containsExactly(sent);
        assertThat(send(chat, ann, "after").seq()).isEqualTo(2);
    }

    @Test
    default void reports_ready_while_open() {
        assertThat(storage().ready()).isTrue();
        storage().close();
        assertThat(storage().ready()).isFalse();
        reopen();
    }
}
