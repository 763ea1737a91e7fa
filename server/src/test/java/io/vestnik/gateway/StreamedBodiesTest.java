package io.vestnik.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.broker.Envelope;
import io.vestnik.domain.Message;
import io.vestnik.domain.MessageState;
import io.vestnik.protocol.Json;
import io.vestnik.protocol.ServerEvent;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.StreamedText;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The per-connection promise for a streaming message: whatever the broker drops, repeats or
 * reorders, the client gets the message and then deltas contiguous by offset, and its text ends
 * as storage holds it. Storage reads are completed by hand so the races can be staged exactly.
 */
class StreamedBodiesTest {
    private static final long CHAT = 7;
    private static final long SEQ = 3;

    private final List<String> out = new ArrayList<>();
    private final Deque<Runnable> pendingReads = new ArrayDeque<>();
    private long written = SEQ;
    private String storedBody = "";
    private MessageState storedState = MessageState.STREAMING;
    private final StreamedBodies bodies = new StreamedBodies(out::add, chat -> written, (chat, seq, onRead) -> {
        Message snapshot = message(storedBody, storedState);
        pendingReads.add(() -> onRead.accept(Optional.of(snapshot)));
    });

    @Test
    void deltas_after_the_message_go_out_as_they_come_and_repeats_are_dropped() {
        written("");
        delta(0, "Hel");
        delta(3, "lo");
        delta(0, "Hel");
        assertThat(text()).isEqualTo(new StreamedText("Hello", "streaming", 2));
        assertThat(pendingReads).isEmpty();
    }

    @Test
    void a_missing_delta_is_read_from_storage_and_sent_as_one_delta() {
        written("");
        delta(0, "one ");
        storedBody = "one two three";
        delta(8, "three"); // "two " was lost
        assertThat(text().body()).isEqualTo("one ");
        delta(13, " four"); // waits behind the read, in order
        storedBody = "one two three four";
        pendingReads.poll().run();
        assertThat(text()).isEqualTo(new StreamedText("one two three four", "streaming", 3));
    }

    @Test
    void a_late_delta_that_overlaps_the_end_is_trimmed_to_what_is_new() {
        written("ab");
        delta(1, "bcd");
        assertThat(text().body()).isEqualTo("abcd");
        assertThat(frame(out.getLast()).path("offset").asInt()).isEqualTo(2);
    }

    @Test
    void deltas_for_a_message_not_yet_written_wait_for_it() {
        written = SEQ - 1;
        delta(0, "Hi");
        delta(2, " there");
        assertThat(out).isEmpty();
        written = SEQ;
        written("Hi");
        assertThat(text()).isEqualTo(new StreamedText("Hi there", "streaming", 1));
    }

    @Test
    void a_delta_for_a_message_from_before_the_connection_first_sends_the_body_so_far() {
        storedBody = "Once upon";
        delta(4, " upon");
        assertThat(out).isEmpty();
        pendingReads.poll().run();
        delta(9, " a time");
        assertThat(frame(out.getFirst()).path("type").asText()).isEqualTo("message_updated");
        assertThat(text()).isEqualTo(new StreamedText("Once upon a time", "streaming", 1));
    }

    @Test
    void deltas_that_arrive_after_the_finish_are_dropped() {
        written("Done");
        storedState = MessageState.COMPLETE; // committed before its message_updated was published
        storedBody = "Done.";
        finish("Done.");
        delta(4, ".");
        pendingReads.poll().run();
        assertThat(text()).isEqualTo(new StreamedText("Done.", "complete", 0));
        delta(4, ".");
        assertThat(pendingReads).as("a message known complete needs no more reads").isEmpty();
    }

    private void written(String body) {
        String frame = newMessage(body);
        out.add(frame);
        bodies.onMessageWritten(CHAT, SEQ, frame);
    }

    private void delta(int offset, String text) {
        bodies.onStream(Envelope.stream("chat:" + CHAT, CHAT, SEQ, Json.write(new ServerEvent.MessageDelta(CHAT, SEQ, offset, text))));
    }

    private void finish(String body) {
        bodies.onStream(Envelope.stream("chat:" + CHAT, CHAT, SEQ,
                Json.write(new ServerEvent.MessageUpdated(CHAT, message(body, MessageState.COMPLETE)))));
    }

    private StreamedText text() {
        return StreamedText.of(out.stream().map(StreamedBodiesTest::frame).toList(), CHAT, SEQ);
    }

    private static JsonNode frame(String text) {
        try {
            return HttpApi.JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String newMessage(String body) {
        return Json.write(new ServerEvent.NewMessage(CHAT, message(body, MessageState.STREAMING)));
    }

    private static Message message(String body, MessageState state) {
        return new Message(SEQ, CHAT, SEQ, 1, body, "c", Instant.EPOCH, null, false, null, null, List.of(), state);
    }
}
