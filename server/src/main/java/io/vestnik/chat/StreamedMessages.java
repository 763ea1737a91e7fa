package io.vestnik.chat;

import io.vestnik.domain.Message;
import io.vestnik.protocol.Check;
import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Problem;
import io.vestnik.protocol.ServerEvent;
import io.vestnik.store.StreamStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Streamed messages after their start ({@link MessageService#startStream}): deltas appended to the
 * body and the finish, each stored durably before it is answered and then published to every
 * member (decision 0015). Offsets and lengths count UTF-16 code units. Blocking: call off the
 * event loop.
 *
 * <p>Callers: the server API (the host's servers may grow any streaming message: {@code senderId}
 * null) and a bot's WebSocket (only its own messages: {@code senderId} = the bot).
 */
public final class StreamedMessages {
    /** Streams finished per sweep transaction batch; the next sweep takes the rest. */
    static final int SWEEP_BATCH = 100;

    private final StreamStore store;
    private final Events events;
    private final Attachments attachments;
    private final Reactions reactions;
    private final Duration timeout;
    private final Clock clock;

    public StreamedMessages(StreamStore store, Events events, Attachments attachments, Reactions reactions,
                            Duration timeout, Clock clock) {
        this.store = store;
        this.events = events;
        this.attachments = attachments;
        this.reactions = reactions;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** {@code POST .../messages/{seq}/deltas} and the {@code message_delta} frame. */
    public record Delta(Long offset, String text) {}

    /** {@code POST .../messages/{seq}/finish} and the {@code finish_message} frame; {@code body} null keeps the text so far. */
    public record Finish(String body) {}

    /**
     * Appends the delta and publishes {@code message_delta} with what was new; a delta already
     * applied changes and publishes nothing.
     *
     * @throws Problem not_found (no such live message, or not the sender's), stream_state (complete),
     *                 stream_gap (offset past the end), conflict (other text at the offset),
     *                 invalid_request (bad fields, or the body would pass its limit)
     */
    public void delta(long chatId, long seq, Long senderId, Delta request) {
        Check.present(request, "body");
        long offset = Check.nonNegative(request.offset(), "offset");
        String text = wellFormed(Check.present(request.text(), "text"), "text");
        if (text.isEmpty()) throw Problem.invalid("Field 'text' must not be empty.");
        StreamStore.Applied applied = store.append(chatId, seq, senderId, (int) Math.min(offset, Integer.MAX_VALUE), text,
                MessageService.MAX_BODY_CHARS, clock.instant());
        switch (applied.outcome()) {
            case APPENDED -> events.aboutStream(chatId, seq,
                    new ServerEvent.MessageDelta(chatId, seq, applied.offset(), applied.text()));
            case ALREADY_APPLIED -> { }
            case GAP -> throw Problem.of(ErrorCode.STREAM_GAP, "Offset " + offset + " is past the end of the body so far ("
                    + applied.length() + " characters); send the text from offset " + applied.length() + " first.");
            case MISMATCH -> throw Problem.of(ErrorCode.CONFLICT, "The body holds other text at offset " + offset + ".");
            case TOO_LONG -> throw Problem.invalid("The body would pass " + MessageService.MAX_BODY_CHARS + " characters.");
            case COMPLETE -> throw Problem.of(ErrorCode.STREAM_STATE, "Message " + seq + " is complete; it takes no more text.");
            case NOT_FOUND -> throw Problem.notFound("Message");
        }
    }

    /**
     * Makes the message complete (with {@code body} when given) and publishes {@code message_updated};
     * a complete message is returned as stored (idempotent).
     *
     * @throws Problem not_found (no such live message, or not the sender's), invalid_request (bad body)
     */
    public Message finish(long chatId, long seq, Long senderId, Finish request) {
        String body = request == null || request.body() == null ? null
                : wellFormed(Check.text(request.body(), "body", MessageService.MAX_BODY_CHARS), "body");
        StreamStore.Finished finished = store.finish(chatId, seq, senderId, body, clock.instant())
                .orElseThrow(() -> Problem.notFound("Message"));
        Message message = reactions.attached(attachments.signed(finished.message()));
        if (finished.changed()) announce(message);
        return message;
    }

    /** Finishes every stream that has had no delta for the timeout, with the text it has; returns how many. */
    public int finishIdle() {
        int total = 0;
        List<Message> finished;
        do {
            finished = store.finishIdle(clock.instant().minus(timeout), SWEEP_BATCH, clock.instant());
            finished.forEach(m -> announce(reactions.attached(attachments.signed(m))));
            total += finished.size();
        } while (finished.size() == SWEEP_BATCH);
        return total;
    }

    private void announce(Message finished) {
        events.aboutStream(finished.chatId(), finished.seq(), new ServerEvent.MessageUpdated(finished.chatId(), finished));
    }

    /** Text that a JSON escape split inside a character (a lone surrogate) cannot be stored as UTF-8. */
    private static String wellFormed(String text, String field) {
        if (text.codePoints().anyMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) {
            throw Problem.invalid("Field '" + field + "' holds a lone UTF-16 surrogate.");
        }
        return text;
    }
}
