package io.vestnik.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.domain.Chat;
import io.vestnik.domain.ChatKind;
import io.vestnik.domain.Message;
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

    private static Chat chat(long lastSeq) {
        return new Chat(7, ChatKind.GROUP, "group", null, List.of(), lastSeq, Instant.EPOCH, Instant.EPOCH, 0);
    }

    private static Message message(long seq) {
        return new Message(seq, 7, seq, 1, "m" + seq, "c" + seq, Instant.EPOCH, null, false, null, null, List.of(), null);
    }
}
