package io.vestnik.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.domain.Chat;
import io.vestnik.domain.ChatKind;
import io.vestnik.domain.Message;
import io.vestnik.domain.ThreadSummary;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** A cached window answers only for contiguous seqs; storage answers for the rest. */
class ChatEntryTest {

    @Test
    void a_window_over_a_hole_a_restore_left_keeps_only_the_messages_after_it() {
        List<Message> latest = LongStream.of(1, 2, 3, 11, 12).mapToObj(ChatEntryTest::message).toList();

        ChatEntry entry = new ChatEntry(1, chat(12), latest);

        assertThat(entry.find(12)).hasValueSatisfying(m -> assertThat(m.seq()).isEqualTo(12));
        assertThat(entry.find(3)).as("older than the window: ask storage").isNull();
        assertThat(entry.after(11, 10)).extracting(Message::seq).containsExactly(12L);
        assertThat(entry.after(2, 10)).as("older than the window: ask storage").isNull();
        assertThat(entry.before(13, 2)).extracting(Message::seq).containsExactly(11L, 12L);
        assertThat(entry.before(13, 5)).isNull();
    }

    @Test
    void the_chats_own_pages_skip_thread_only_replies_and_ask_storage_when_the_window_may_not_hold_enough() {
        List<Message> latest = List.of(message(5), reply(6, 5, false), reply(7, 5, true), message(8), reply(9, 8, false));

        ChatEntry entry = new ChatEntry(1, chat(9), latest);

        assertThat(entry.shownBefore(10, 3)).extracting(Message::seq).containsExactly(5L, 7L, 8L);
        assertThat(entry.shownBefore(8, 1)).extracting(Message::seq).containsExactly(7L);
        assertThat(entry.shownBefore(10, 4)).as("older shown messages may lie below the window").isNull();
        assertThat(entry.shownAfter(5, 10)).extracting(Message::seq).containsExactly(7L, 8L);
        assertThat(entry.shownAfter(3, 10)).isNull();
        assertThat(new ChatEntry(1, chat(2), List.of(message(1), reply(2, 1, false))).shownBefore(10, 5))
                .as("the whole history is in the window").extracting(Message::seq).containsExactly(1L);
    }

    @Test
    void an_appended_reply_brings_its_roots_new_summary_into_the_window() {
        ChatEntry entry = new ChatEntry(1, chat(2), List.of(message(1), message(2)));
        Message root = withThread(message(1), new ThreadSummary(1, Instant.EPOCH, 3));

        ChatEntry after = entry.withAppended(2, reply(3, 1, false), root, 100);

        assertThat(after.find(1)).contains(root);
        assertThat(after.find(3)).hasValueSatisfying(m -> assertThat(m.threadRootSeq()).isEqualTo(1L));
        assertThat(new ChatEntry(1, chat(2), List.of(message(2))).withAppended(2, reply(3, 1, false), root, 100).messages())
                .as("a root below the window is left to storage").extracting(Message::seq).containsExactly(2L, 3L);
    }

    private static Message reply(long seq, long root, boolean shownInChat) {
        Message m = message(seq);
        return new Message(m.id(), m.chatId(), seq, m.senderId(), m.body(), m.clientId(), m.createdAt(), null, false, null,
                null, List.of(), null, List.of(), root, shownInChat, null);
    }

    private static Message withThread(Message m, ThreadSummary thread) {
        return new Message(m.id(), m.chatId(), m.seq(), m.senderId(), m.body(), m.clientId(), m.createdAt(), null, false,
                null, null, List.of(), null, List.of(), null, true, thread);
    }

    private static Chat chat(long lastSeq) {
        return new Chat(7, ChatKind.GROUP, "group", null, List.of(), lastSeq, Instant.EPOCH, Instant.EPOCH, 0, null, null);
    }

    private static Message message(long seq) {
        return new Message(seq, 7, seq, 1, "m" + seq, "c" + seq, Instant.EPOCH, null, false, null, null, List.of(), null);
    }
}
