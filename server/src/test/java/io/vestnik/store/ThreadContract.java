package io.vestnik.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vestnik.domain.Chat;
import io.vestnik.domain.Message;
import io.vestnik.domain.User;
import io.vestnik.store.MessageStore.Appended;
import io.vestnik.store.MessageStore.NewMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Threads: replies are the chat's messages, their root's summary moves with them, participants' read positions. */
public interface ThreadContract extends StoreFixture {
    Instant LATER = StoreFixture.T0.plusSeconds(60);

    private NewMessage reply(Chat chat, User sender, long rootSeq, boolean shownInChat, Instant at) {
        return new NewMessage(chat.id(), sender.id(), StoreFixture.unique("c-"), "re", null, null, List.of(), at, false,
                rootSeq, shownInChat);
    }

    private Appended replyTo(Chat chat, User sender, long rootSeq) {
        return storage().messages().append(reply(chat, sender, rootSeq, false, LATER));
    }

    @Test
    default void a_reply_takes_the_chats_next_seq_and_moves_its_roots_summary_in_the_same_commit() {
        User ann = user();
        User bob = user();
        Chat chat = group(ann, bob);
        long root = send(chat, ann, "root").seq();
        Appended first = replyTo(chat, bob, root);
        assertThat(first.message().seq()).isEqualTo(root + 1);
        assertThat(first.message().threadRootSeq()).isEqualTo(root);
        assertThat(first.message().shownInChat()).isFalse();
        assertThat(first.threadRoot().seq()).isEqualTo(root);
        assertThat(first.threadRoot().thread().replyCount()).isEqualTo(1);
        Appended second = storage().messages().append(reply(chat, ann, root, true, LATER.plusSeconds(1)));
        assertThat(second.message().shownInChat()).isTrue();
        Message stored = storage().messages().find(chat.id(), root).orElseThrow();
        assertThat(stored.thread().replyCount()).isEqualTo(2);
        assertThat(stored.thread().lastReplySeq()).isEqualTo(second.message().seq());
        assertThat(stored.thread().lastReplyAt()).isEqualTo(LATER.plusSeconds(1));
        assertThat(stored).isEqualTo(second.threadRoot());
        assertThat(storage().messages().find(chat.id(), second.message().seq()).orElseThrow()).isEqualTo(second.message());
    }

    @Test
    default void a_repeated_reply_returns_the_first_and_counts_once() {
        User ann = user();
        Chat chat = group(ann);
        long root = send(chat, ann, "root").seq();
        NewMessage reply = reply(chat, ann, root, false, LATER);
        Appended first = storage().messages().append(reply);
        Appended again = storage().messages().append(reply);
        assertThat(again.created()).isFalse();
        assertThat(again.message()).isEqualTo(first.message());
        assertThat(storage().messages().find(chat.id(), root).orElseThrow().thread().replyCount()).isEqualTo(1);
    }

    @Test
    default void a_reply_to_a_reply_goes_to_the_same_root() {
        User ann = user();
        Chat chat = group(ann);
        long root = send(chat, ann, "root").seq();
        long firstReply = replyTo(chat, ann, root).message().seq();
        Appended nested = replyTo(chat, ann, firstReply);
        assertThat(nested.message().threadRootSeq()).isEqualTo(root);
        assertThat(nested.threadRoot().thread().replyCount()).isEqualTo(2);
        assertThat(storage().messages().find(chat.id(), firstReply).orElseThrow().thread()).isNull();
    }

    @Test
    default void a_reply_to_no_message_or_a_deleted_root_is_refused_and_stores_nothing() {
        User ann = user();
        Chat chat = group(ann);
        long root = send(chat, ann, "root").seq();
        long reply = replyTo(chat, ann, root).message().seq();
        assertThatThrownBy(() -> replyTo(chat, ann, reply + 5)).isInstanceOfSatisfying(MessageStore.Refused.class,
                r -> assertThat(r.reason()).isEqualTo(MessageStore.Refusal.THREAD_ROOT_UNKNOWN));
        storage().messages().delete(chat.id(), root, ann.id(), LATER);
        assertThatThrownBy(() -> replyTo(chat, ann, root)).isInstanceOf(MessageStore.Refused.class);
        assertThatThrownBy(() -> replyTo(chat, ann, reply)).isInstanceOf(MessageStore.Refused.class);
        assertThat(storage().chats().find(chat.id()).orElseThrow().lastSeq()).isEqualTo(reply);
        assertThat(storage().messages().find(chat.id(), root).orElseThrow().thread().replyCount()).isEqualTo(1);
    }

    @Test
    default void the_chats_own_history_leaves_out_replies_kept_in_their_thread() {
        User ann = user();
        Chat chat = group(ann);
        long root = send(chat, ann, "root").seq();
        long hidden = replyTo(chat, ann, root).message().seq();
        long shown = storage().messages().append(reply(chat, ann, root, true, LATER)).message().seq();
        long after = send(chat, ann, "after").seq();
        MessageStore messages = storage().messages();
        assertThat(messages.shownBefore(chat.id(), Long.MAX_VALUE, 10)).extracting(Message::seq).containsExactly(root, shown, after);
        assertThat(messages.shownBefore(chat.id(), after, 1)).extracting(Message::seq).containsExactly(shown);
        assertThat(messages.shownAfter(chat.id(), root, 10)).extracting(Message::seq).containsExactly(shown, after);
        assertThat(messages.after(chat.id(), 0, 10)).extracting(Message::seq).containsExactly(root, hidden, shown, after);
    }

    @Test
    default void a_threads_history_pages_its_replies_both_ways() {
        User ann = user();
        Chat chat = group(ann);
        long root = send(chat, ann, "root").seq();
        List<Long> replies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            replies.add(replyTo(chat, ann, root).message().seq());
            send(chat, ann, "between");
        }
        ThreadStore threads = storage().threads();
        assertThat(threads.before(chat.id(), root, Long.MAX_VALUE, 2)).extracting(Message::seq)
                .containsExactlyElementsOf(replies.subList(3, 5));
        assertThat(threads.before(chat.id(), root, replies.get(3), 2)).extracting(Message::seq)
                .containsExactlyElementsOf(replies.subList(1, 3));
        assertThat(threads.after(chat.id(), root, 0, 3)).extracting(Message::seq).containsExactlyElementsOf(replies.subList(0, 3));
        assertThat(threads.after(chat.id(), root + 1, 0, 3)).isEmpty();
    }

    @Test
    default void participants_read_a_thread_forward_only_and_count_replies_from_others() {
        User ann = user();
        User bob = user();
        User cat = user();
        Chat chat = group(ann, bob, cat);
        long root = send(chat, ann, "root").seq();
        long fromBob = replyTo(chat, bob, root).message().seq();
        long fromCat = replyTo(chat, cat, root).message().seq();
        ThreadStore threads = storage().threads();
        assertThat(threads.followed(ann.id(), false, 10)).singleElement().satisfies(t -> {
            assertThat(t.root().seq()).isEqualTo(root);
            assertThat(t.readSeq()).isZero();
            assertThat(t.unread()).isEqualTo(2);
        });
        assertThat(threads.followed(bob.id(), false, 10)).singleElement()
                .satisfies(t -> assertThat(t.unread()).isEqualTo(1));
        assertThat(threads.markRead(chat.id(), root, ann.id(), fromBob)).contains(new ThreadStore.Position(fromBob, 1));
        assertThat(threads.markRead(chat.id(), root, ann.id(), root)).contains(new ThreadStore.Position(fromBob, 1));
        assertThat(threads.markRead(chat.id(), root, ann.id(), Long.MAX_VALUE)).contains(new ThreadStore.Position(fromCat, 0));
        assertThat(threads.followed(ann.id(), true, 10)).isEmpty();
        assertThat(threads.followed(bob.id(), true, 10)).hasSize(1);
        long lonely = send(chat, ann, "no replies").seq();
        assertThat(threads.markRead(chat.id(), lonely, ann.id(), lonely)).isEmpty();
    }

    @Test
    default void followed_threads_come_latest_reply_first_and_only_from_chats_the_user_is_in() {
        User ann = user();
        User bob = user();
        Chat first = group(ann, bob);
        Chat second = group(ann);
        long older = send(first, ann, "older").seq();
        long newer = send(second, ann, "newer").seq();
        storage().messages().append(reply(first, bob, older, false, LATER));
        storage().messages().append(reply(second, ann, newer, false, LATER.plusSeconds(5)));
        assertThat(storage().threads().followed(ann.id(), false, 10)).extracting(t -> t.root().chatId())
                .containsExactly(second.id(), first.id());
        assertThat(storage().threads().followed(ann.id(), false, 1)).hasSize(1);
        storage().chats().removeMember(first.id(), ann.id());
        assertThat(storage().threads().followed(ann.id(), false, 10)).extracting(t -> t.root().chatId())
                .containsExactly(second.id());
    }

    @Test
    default void the_chats_unread_count_leaves_out_replies_kept_in_their_thread() {
        User ann = user();
        User bob = user();
        Chat chat = group(ann, bob);
        long root = send(chat, ann, "root").seq();
        replyTo(chat, ann, root);
        storage().messages().append(reply(chat, ann, root, true, LATER));
        assertThat(storage().chats().unread(bob.id())).containsExactly(new ChatStore.Unread(chat.id(), 2));
    }

    @Test
    default void unread_counts_leave_out_messages_and_replies_of_senders_the_reader_blocks() {
        User ann = user();
        User bob = user();
        User cat = user();
        Chat chat = group(ann, bob, cat);
        long root = send(chat, ann, "root").seq();
        storage().userBlocks().block(ann.id(), bob.id(), T0);
        send(chat, bob, "never shown to ann");
        send(chat, cat, "shown to ann");
        replyTo(chat, bob, root);
        replyTo(chat, cat, root);
        assertThat(storage().chats().unread(ann.id())).containsExactly(new ChatStore.Unread(chat.id(), 1));
        assertThat(storage().chats().unread(cat.id())).as("a third member counts them")
                .containsExactly(new ChatStore.Unread(chat.id(), 2));
        assertThat(storage().threads().followed(ann.id(), false, 10)).singleElement()
                .satisfies(t -> assertThat(t.unread()).isEqualTo(1));
        assertThat(storage().threads().markRead(chat.id(), root, ann.id(), root)).contains(new ThreadStore.Position(root, 1));
        storage().userBlocks().unblock(ann.id(), bob.id());
        assertThat(storage().chats().unread(ann.id())).as("shown again, counted again")
                .containsExactly(new ChatStore.Unread(chat.id(), 2));
    }

    @Test
    default void concurrent_replies_to_one_root_are_all_counted() throws Exception {
        User ann = user();
        Chat chat = group(ann);
        long root = send(chat, ann, "root").seq();
        List<Long> seqs = StoreFixture.concurrently(8, () -> {
            List<java.util.concurrent.CompletableFuture<Appended>> queued = new ArrayList<>();
            for (int i = 0; i < 5; i++) queued.add(storage().messages().appendQueued(reply(chat, ann, root, i % 2 == 0, LATER)));
            return queued.stream().map(f -> f.join().message().seq()).toList();
        }).stream().flatMap(List::stream).toList();
        Message stored = storage().messages().find(chat.id(), root).orElseThrow();
        assertThat(stored.thread().replyCount()).isEqualTo(40);
        assertThat(stored.thread().lastReplySeq()).isEqualTo(seqs.stream().mapToLong(Long::longValue).max().orElseThrow());
        assertThat(storage().threads().after(chat.id(), root, 0, 100)).hasSize(40);
    }

    /**
     * A reply locks the chat's row, then its root's; an edit or deletion of the root must take them
     * in the same order, or on PostgreSQL each waits for the other until one fails as a deadlock.
     */
    @Test
    default void replies_racing_edits_of_their_root_never_deadlock() throws Exception {
        User ann = user();
        Chat chat = group(ann);
        long root = send(chat, ann, "root").seq();
        java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();
        StoreFixture.concurrently(2, () -> {
            boolean replier = turn.getAndIncrement() == 0;
            for (int i = 0; i < 200; i++) {
                if (replier) replyTo(chat, ann, root);
                else assertThat(storage().messages().edit(chat.id(), root, "edit " + i, LATER)).isPresent();
            }
            return null;
        });
        Message stored = storage().messages().find(chat.id(), root).orElseThrow();
        assertThat(stored.thread().replyCount()).isEqualTo(200);
        assertThat(stored.body()).isEqualTo("edit 199");
    }

    @Test
    default void a_root_removed_by_retention_leaves_no_thread_to_follow() {
        User ann = user();
        Chat chat = group(ann);
        long root = storage().messages().append(new NewMessage(chat.id(), ann.id(), StoreFixture.unique("c-"), "ancient",
                null, null, List.of(), Instant.parse("2020-01-01T00:00:00Z"))).message().seq();
        storage().messages().append(reply(chat, ann, root, false, Instant.parse("2020-01-01T00:00:01Z")));
        assertThat(storage().messages().deleteOlderThan(Instant.parse("2021-01-01T00:00:00Z"), 10)).isEqualTo(2);
        assertThat(storage().threads().followed(ann.id(), false, 10)).isEmpty();
        assertThat(storage().threads().markRead(chat.id(), root, ann.id(), 5)).isEmpty();
    }
}
