package io.vestnik.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A blocked sender's messages are only seqs to the stream: passed over, never emitted, never a gap. */
class ChatStreamTest {
    private final List<Long> emitted = new ArrayList<>();
    private int fetches;

    @Test
    void a_hidden_seq_live_moves_the_position_without_a_fetch() {
        ChatStream stream = new ChatStream(1, 0, (chat, after, limit) -> {
            fetches++;
            return new HistoryPage(List.of(), false, List.of());
        }, m -> emitted.add(m.seq()));
        stream.accept(message(1));
        stream.pass(2);
        stream.accept(message(3));
        assertThat(emitted).containsExactly(1L, 3L);
        assertThat(stream.position()).isEqualTo(3);
        assertThat(fetches).isZero();
    }

    @Test
    void hidden_seqs_from_history_fill_a_gap() {
        ChatStream stream = new ChatStream(1, 0, (chat, after, limit) -> {
            fetches++;
            return new HistoryPage(List.of(message(1), message(3)), false, List.of(2L));
        }, m -> emitted.add(m.seq()));
        stream.accept(message(4));
        assertThat(emitted).containsExactly(1L, 3L, 4L);
        assertThat(fetches).isEqualTo(1);
    }

    private static Message message(long seq) {
        return new Message(seq, 1, seq, 2, "m" + seq, null, "2026-12-05T10:00:00Z", null, false, null, "complete", List.of(), null, true, null, List.of(), null);
    }
}
