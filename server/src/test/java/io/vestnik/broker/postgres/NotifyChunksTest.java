package io.vestnik.broker.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotifyChunksTest {

    @Test
    void a_message_that_fits_travels_whole() {
        assertThat(NotifyChunks.split("hello", "m1")).containsExactly("Whello");
        assertThat(new NotifyChunks.Reassembly().accept("Whello")).isEqualTo("hello");
    }

    @Test
    void a_large_message_is_cut_into_payloads_postgres_accepts_and_joined_again() {
        String message = "😀é日x".repeat(10_000);
        List<String> chunks = NotifyChunks.split(message, "m1");

        assertThat(chunks).hasSizeGreaterThan(1);
        assertThat(chunks).allSatisfy(c -> assertThat(c.getBytes(StandardCharsets.UTF_8).length).isLessThan(8000));
        NotifyChunks.Reassembly reassembly = new NotifyChunks.Reassembly();
        for (int i = 0; i < chunks.size() - 1; i++) assertThat(reassembly.accept(chunks.get(i))).isNull();
        assertThat(reassembly.accept(chunks.getLast())).isEqualTo(message);
    }

    @Test
    void chunks_of_two_messages_interleaved_are_kept_apart() {
        String a = "a".repeat(20_000);
        String b = "b".repeat(20_000);
        List<String> first = NotifyChunks.split(a, "m1");
        List<String> second = NotifyChunks.split(b, "m2");
        NotifyChunks.Reassembly reassembly = new NotifyChunks.Reassembly();
        String joinedA = null;
        String joinedB = null;
        for (int i = 0; i < first.size(); i++) {
            joinedA = reassembly.accept(first.get(i));
            joinedB = reassembly.accept(second.get(i));
        }
        assertThat(joinedA).isEqualTo(a);
        assertThat(joinedB).isEqualTo(b);
    }

    @Test
    void refuses_a_chunk_out_of_order_or_unreadable() {
        List<String> chunks = NotifyChunks.split("x".repeat(20_000), "m1");
        assertThatThrownBy(() -> new NotifyChunks.Reassembly().accept(chunks.get(1))).hasMessageContaining("out of order");
        assertThatThrownBy(() -> new NotifyChunks.Reassembly().accept("garbage")).hasMessageContaining("neither");
        assertThatThrownBy(() -> new NotifyChunks.Reassembly().accept("Cm1 0")).hasMessageContaining("without data");
        assertThatThrownBy(() -> new NotifyChunks.Reassembly().accept("Cm1 0\nx")).hasMessageContaining("header");
        assertThatThrownBy(() -> new NotifyChunks.Reassembly().accept("Cm1 zero 2\nx")).isInstanceOf(IllegalArgumentException.class);
    }
}
