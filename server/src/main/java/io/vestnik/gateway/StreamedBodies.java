package io.vestnik.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.broker.Envelope;
import io.vestnik.domain.Message;
import io.vestnik.domain.MessageState;
import io.vestnik.protocol.Json;
import io.vestnik.protocol.ServerEvent;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongUnaryOperator;

/**
 * Makes what one feed receives of each streaming message exact: the message (with its body so
 * far), then deltas contiguous by offset — whatever the broker drops, repeats or reorders.
 *
 * <p>Per streaming message it remembers how much of the body it has sent (UTF-16 units). A delta
 * inside that is dropped, one that overlaps its end is trimmed to the new part, and one past it (a
 * delta was lost) makes it read the body from storage and send the missing text as one delta. A
 * delta for a message the client was never sent on this feed (it predates the feed's start
 * position) first sends the message as storage has it, as {@code message_updated}. Events for a
 * message the chat's stream has not written yet wait for it, and events wait behind a read under
 * way, so order is kept. The {@code message_updated} that finishes a stream ends its tracking.
 * Confined to the feed's event loop: no locks.
 */
final class StreamedBodies {

    /** Reads one message from storage; calls back on the feed's event loop, empty when it is gone. */
    interface Reader {
        void read(long chatId, long seq, Consumer<Optional<Message>> onRead);
    }

    /** Most events one message may have waiting; past it they are dropped and the next delta repairs the gap. */
    static final int MAX_WAITING = 1_000;
    /** How a written message frame shows a streaming message (Jackson writes compact JSON; a body's quotes are escaped). */
    private static final String STREAMING = "\"state\":\"streaming\"";

    private record Key(long chatId, long seq) {}

    private final Map<Key, Integer> sent = new HashMap<>();
    private final Map<Key, List<Envelope>> waiting = new HashMap<>();
    private final Set<Key> reading = new HashSet<>();
    private final Consumer<String> out;
    private final LongUnaryOperator written;
    private final Reader reader;

    /**
     * @param out     writes an event to the client
     * @param written the last seq the chat's stream has written to the client ({@link Long#MAX_VALUE} if untracked)
     */
    StreamedBodies(Consumer<String> out, LongUnaryOperator written, Reader reader) {
        this.out = out;
        this.written = written;
        this.reader = reader;
    }

    /** A message frame ({@code new_message}, an ack, a replay) of the chat's stream was written to the client. */
    void onMessageWritten(long chatId, long seq, String frame) {
        Key key = new Key(chatId, seq);
        if (frame.contains(STREAMING)) sent.put(key, tree(frame).path("message").path("body").asText().length());
        if (!reading.contains(key)) drain(key);
    }

    /** A {@link Envelope.Kind#STREAM} event from the broker. */
    void onStream(Envelope envelope) {
        Key key = new Key(envelope.chatId(), envelope.seq());
        if (waiting.containsKey(key) || envelope.seq() > written.applyAsLong(envelope.chatId())) {
            await(key, envelope);
            return;
        }
        JsonNode frame = tree(envelope.payload());
        if (!"message_delta".equals(frame.path("type").asText())) {
            sent.remove(key); // the message_updated that finished it
            out.accept(envelope.payload());
            return;
        }
        Integer have = sent.get(key);
        int offset = frame.path("offset").asInt();
        String text = frame.path("text").asText();
        if (have == null || offset > have) {
            await(key, envelope);
            read(key, have);
        } else if (offset + text.length() > have) {
            sent.put(key, offset + text.length());
            out.accept(offset == have ? envelope.payload()
                    : Json.write(new ServerEvent.MessageDelta(key.chatId(), key.seq(), have, text.substring(have - offset))));
        }
    }

    /** Forgets everything (the feed closed). */
    void clear() {
        sent.clear();
        waiting.clear();
        reading.clear();
    }

    private void await(Key key, Envelope envelope) {
        List<Envelope> events = waiting.computeIfAbsent(key, k -> new ArrayList<>());
        if (events.size() < MAX_WAITING) events.add(envelope);
    }

    /** Brings the client to the body storage holds: the missing text as one delta, or the whole message if it has none. */
    private void read(Key key, Integer have) {
        reading.add(key);
        reader.read(key.chatId(), key.seq(), found -> {
            if (!reading.remove(key)) return; // cleared meanwhile
            Optional<Message> streaming = found.filter(m -> m.state() == MessageState.STREAMING && !m.deleted());
            if (streaming.isEmpty()) {
                // Finished or deleted: its message_updated (or message_deleted) carries the rest; late deltas are dropped.
                sent.put(key, Integer.MAX_VALUE);
            } else {
                catchUp(key, have, streaming.get());
            }
            drain(key);
        });
    }

    private void catchUp(Key key, Integer have, Message m) {
        if (have == null) {
            out.accept(Json.write(new ServerEvent.MessageUpdated(key.chatId(), m)));
        } else if (m.body().length() > have) {
            out.accept(Json.write(new ServerEvent.MessageDelta(key.chatId(), key.seq(), have, m.body().substring(have))));
        }
        sent.put(key, Math.max(have == null ? 0 : have, m.body().length()));
    }

    private void drain(Key key) {
        List<Envelope> events = waiting.remove(key);
        if (events != null) events.forEach(this::onStream);
    }

    private static JsonNode tree(String frame) {
        try {
            return Json.MAPPER.readTree(frame);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
