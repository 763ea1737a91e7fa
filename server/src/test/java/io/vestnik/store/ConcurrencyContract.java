package io.vestnik.store;

import static io.vestnik.store.StoreFixture.T0;
import static io.vestnik.store.StoreFixture.concurrently;
import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.domain.Chat;
import io.vestnik.domain.ChatKind;
import io.vestnik.domain.Message;
import io.vestnik.domain.User;
import io.vestnik.store.ChatStore.NewChat;
import io.vestnik.store.MessageStore.NewMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** What holds when several threads write at once. */
public interface ConcurrencyContract extends StoreFixture {

    @Test
    default void assigns_gapless_seq_under_concurrent_appends() throws Exception {
        User ann = user();
        Chat chat = group(ann);
        List<List<Long>> perThread = concurrently(8, () -> {
            List<Long> seqs = new ArrayList<>();
            for (int i = 0; i < 50; i++) seqs.add(send(chat, ann, "m").seq());
            return seqs;
        });
        List<Long> all = perThread.stream().flatMap(List::stream).sorted().toList();
        assertThat(all).containsExactlyElementsOf(LongStream.rangeClosed(1, 400).boxed().toList());
        perThread.forEach(seqs -> assertThat(seqs).isSorted());
        List<Message> stored = storage().messages().after(chat.id(), 0, 1000);
        assertThat(stored).extracting(Message::seq).containsExactlyElementsOf(all);
        assertThat(storage().chats().find(chat.id()).orElseThrow().lastSeq()).isEqualTo(400);
    }

    @Test
    default void stores_one_message_for_concurrent_appends_with_same_client_id() throws Exception {
        User ann = user();
        Chat chat = group(ann);
        NewMessage once = new NewMessage(chat.id(), ann.id(), "same", "hi", null, null, List.of(), T0);
        List<MessageStore.Appended> results = concurrently(8, () -> storage().messages().append(once));
        assertThat(results).filteredOn(MessageStore.Appended::created).hasSize(1);
        assertThat(results).extracting(r -> r.message().id()).containsOnly(results.getFirst().message().id());
        assertThat(storage().messages().after(chat.id(), 0, 10)).hasSize(1);
        assertThat(storage().chats().find(chat.id()).orElseThrow().lastSeq()).isEqualTo(1);
    }

    @Test
    default void creates_one_chat_when_callers_race_on_unique_key() throws Exception {
        User ann = user();
        User bob = user();
        String key = StoreFixture.unique("direct:");
        NewChat direct = new NewChat(ChatKind.DIRECT, null, null, ann.id(), List.of(bob.id()), key);
        List<ChatStore.Created> results = concurrently(8, () -> storage().chats().create(direct, T0));
        assertThat(results).filteredOn(ChatStore.Created::created).hasSize(1);
        assertThat(results).extracting(r -> r.chat().id()).containsOnly(results.getFirst().chat().id());
        assertThat(storage().chats().chatIdsOf(bob.id())).hasSize(1);
    }

    @Test
    default void provisions_one_user_per_external_subject_under_race() throws Exception {
        String subject = StoreFixture.unique("sub-");
        List<User> users = concurrently(8,
                () -> storage().users().provisionExternal("https://host.example", subject, "Ext", T0));
        assertThat(users).extracting(User::id).containsOnly(users.getFirst().id());
        assertThat(users.getFirst().username()).isEqualTo("ext-" + users.getFirst().id());
        User other = storage().users().provisionExternal("https://other.example", subject, "Ext", T0);
        assertThat(other.id()).isNotEqualTo(users.getFirst().id());
    }

    @Test
    default void refresh_token_rotates_once_under_race() throws Exception {
        User ann = user();
        String old = StoreFixture.unique("h-");
        storage().sessions().create(ann.id(), old, "ua", "127.0.0.1", T0, T0.plusSeconds(3600));
        List<Boolean> wins = concurrently(8, () -> storage().sessions()
                .rotate(old, StoreFixture.unique("n-"), T0.plusSeconds(1), T0.plusSeconds(7200), java.time.Duration.ofDays(90)).isPresent());
        assertThat(wins).filteredOn(w -> w).hasSize(1);
    }
}
