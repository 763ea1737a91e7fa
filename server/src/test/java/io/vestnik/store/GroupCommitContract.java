package io.vestnik.store;

import static io.vestnik.store.StoreFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vestnik.domain.Chat;
import io.vestnik.domain.Message;
import io.vestnik.domain.User;
import io.vestnik.store.MessageStore.Appended;
import io.vestnik.store.MessageStore.NewMessage;
import io.vestnik.store.MessageStore.Refusal;
import io.vestnik.store.MessageStore.Refused;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * What holds when appends arriving together are committed together: each caller gets what it
 * would have got alone. To make appends meet in one transaction, a test holds the chat from
 * another connection while they queue up, then lets go.
 */
public interface GroupCommitContract extends StoreFixture {
    /** Long enough for appends started on their own threads to reach the storage's queue. */
    long QUEUEING_MILLIS = 300;

    /**
     * Locks the chat's row (on SQLite, the database's write lock) from another connection until
     * closed, so appends to the chat wait and those arriving meanwhile queue up behind them.
     */
    AutoCloseable holdChat(long chatId) throws Exception;

    /**
     * While the chat is held, starts one append by {@code member} that the storage takes up and
     * waits in, then every one of {@code appends}, which queue behind it and so meet in the next
     * transaction; checks that none returns while the chat is held. The outcome of each of {@code appends}.
     */
    default List<CompletableFuture<Appended>> queuedTogether(Chat chat, User member, List<NewMessage> appends)
            throws Exception {
        List<CompletableFuture<Appended>> outcomes = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            try (AutoCloseable held = holdChat(chat.id())) {
                var ahead = CompletableFuture.supplyAsync(() -> send(chat, member, "ahead"), threads);
                Thread.sleep(QUEUEING_MILLIS);
                // Queued from this thread, in the list's order: a thread each could queue them in any order.
                for (NewMessage m : appends) outcomes.add(storage().messages().appendQueued(m));
                Thread.sleep(QUEUEING_MILLIS);
                assertThat(ahead).as("nothing answered while its chat is held").isNotDone();
                assertThat(outcomes).as("nothing answered while its chat is held").noneMatch(CompletableFuture::isDone);
            }
        }
        return outcomes;
    }

    private static NewMessage message(Chat chat, User sender, String clientId, String body, Long replyTo) {
        return new NewMessage(chat.id(), sender.id(), clientId, body, replyTo, null, List.of(), T0);
    }

    @Test
    default void returns_the_first_message_for_a_client_id_repeated_within_one_batch() throws Exception {
        User ann = user();
        Chat chat = group(ann);
        List<NewMessage> appends = new ArrayList<>();
        for (String body : List.of("a", "b", "c")) appends.add(message(chat, ann, "twice", body, null));
        for (String body : List.of("x", "y")) appends.add(text(chat, ann, body));
        List<Appended> results = queuedTogether(chat, ann, appends).stream().map(CompletableFuture::join).toList();
        List<Appended> copies = results.subList(0, 3);
        assertThat(copies).filteredOn(Appended::created).hasSize(1);
        assertThat(copies).extracting(Appended::message).containsOnly(copies.getFirst().message());
        assertThat(storage().messages().after(chat.id(), 0, 10)).extracting(Message::seq).containsExactly(1L, 2L, 3L, 4L);
        assertThat(storage().chats().find(chat.id()).orElseThrow().lastSeq()).isEqualTo(4);
    }

    @Test
    default void fails_a_bad_append_without_failing_the_ones_committed_with_it() throws Exception {
        User ann = user();
        User stranger = user();
        Chat chat = group(ann);
        List<NewMessage> appends = List.of(
                text(chat, ann, "one"),
                text(chat, stranger, "not a member"),
                message(chat, ann, StoreFixture.unique("c-"), "reply to nothing", 99L),
                message(chat, ann, StoreFixture.unique("c-"), null, null),
                text(chat, ann, "two"));
        List<CompletableFuture<Appended>> outcomes = queuedTogether(chat, ann, appends);
        assertThatThrownBy(outcomes.get(1)::join).cause().isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.reason()).isEqualTo(Refusal.NOT_MEMBER));
        assertThatThrownBy(outcomes.get(2)::join).cause().isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.reason()).isEqualTo(Refusal.REPLY_TO_UNKNOWN));
        assertThatThrownBy(outcomes.get(3)::join).as("a body the schema refuses").isInstanceOf(CompletionException.class);
        assertThat(List.of(outcomes.get(0).join(), outcomes.get(4).join())).allMatch(Appended::created);
        List<Message> stored = storage().messages().after(chat.id(), 0, 10);
        assertThat(stored).extracting(Message::body).containsExactlyInAnyOrder("ahead", "one", "two");
        assertThat(stored).extracting(Message::seq).containsExactly(1L, 2L, 3L);
    }

    /** A batch binds its bodies and clientIds as arrays (PostgreSQL) or as one JSON text (SQLite). */
    @Test
    default void stores_bodies_and_client_ids_exactly_as_sent_and_finds_them_again_in_a_later_batch() throws Exception {
        User ann = user();
        Chat chat = group(ann);
        List<String> texts = List.of("a \" quote and a \\ backslash", "[\"json\", null, 1]", "{1,2} NULL", "😀 кириллица",
                "tab\tnewline\n", "'; DROP TABLE messages; --");
        List<NewMessage> appends = texts.stream().map(t -> message(chat, ann, "id " + t, t, null)).toList();
        List<Appended> first = queuedTogether(chat, ann, appends).stream().map(CompletableFuture::join).toList();
        assertThat(first).allMatch(Appended::created);
        assertThat(first).extracting(a -> a.message().body()).containsExactlyElementsOf(texts);
        assertThat(first).extracting(a -> a.message().clientId()).containsExactlyElementsOf(appends.stream().map(NewMessage::clientId).toList());
        assertThat(storage().messages().after(chat.id(), 1, 10)).containsExactlyElementsOf(first.stream().map(Appended::message).toList());
        List<Appended> again = queuedTogether(chat, ann, appends).stream().map(CompletableFuture::join).toList();
        assertThat(again).noneMatch(Appended::created);
        assertThat(again).extracting(Appended::message).containsExactlyElementsOf(first.stream().map(Appended::message).toList());
    }

    @Test
    default void keeps_each_senders_order_in_every_chat_under_concurrent_appends() throws Exception {
        List<User> senders = IntStream.range(0, 8).mapToObj(i -> user()).toList();
        List<Chat> chats = IntStream.range(0, 4)
                .mapToObj(i -> group(senders.getFirst(), senders.subList(1, senders.size()).toArray(User[]::new)))
                .toList();
        int perSender = 24;
        List<User> claimed = new ArrayList<>(senders);
        StoreFixture.concurrently(senders.size(), () -> {
            User me;
            synchronized (claimed) {
                me = claimed.removeFirst();
            }
            for (int i = 0; i < perSender; i++) {
                storage().messages().append(text(chats.get(i % chats.size()), me, String.valueOf(i)));
            }
            return null;
        });
        for (Chat chat : chats) {
            List<Message> stored = storage().messages().after(chat.id(), 0, 1000);
            long expected = (long) senders.size() * perSender / chats.size();
            assertThat(stored).extracting(Message::seq)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, expected).boxed().toList());
            for (User sender : senders) {
                assertThat(stored).filteredOn(m -> m.senderId() == sender.id())
                        .extracting(m -> Integer.parseInt(m.body()))
                        .isSortedAccordingTo(Comparator.naturalOrder());
            }
        }
    }
}
