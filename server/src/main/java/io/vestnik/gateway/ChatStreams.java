package io.vestnik.gateway;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Makes what one connection receives of each chat a gapless, ordered, duplicate-free run of
 * seqs, whatever order the broker delivers in and whatever it drops.
 *
 * <p>Per chat it remembers the last seq written. A message at or below it is a duplicate and is
 * dropped; the next seq is written at once; a later one is held while the missing seqs are
 * fetched from storage (the {@link GapFiller}), then everything is written in order. The user's
 * notifications are one more stream here, under {@link io.vestnik.broker.Envelope#NOTIFICATIONS},
 * with the same rules. Confined to the connection's event loop: no locks.
 */
final class ChatStreams {

    /**
     * Writes one frame of the chat's stream to the socket: a {@code new_message}, or the {@code ack}
     * of the connection's own message. {@code publishedAtMillis} is 0 for a message replayed from
     * storage and {@link #ACK} for an ack.
     */
    interface Sink {
        void write(long chatId, long seq, String frame, long publishedAtMillis);

        /**
         * Runs {@code next} once the client has taken enough of what was written: a long replay
         * goes page by page at the client's pace instead of piling up in its outbound queue.
         */
        default void whenReady(Runnable next) {
            next.run();
        }
    }

    private record Held(String frame, long publishedAtMillis) {}

    /**
     * One item of a stream as storage holds it: its seq, its frame, and whether it is the
     * connection's own message whose ack is on the way (and takes its place).
     */
    record Stored(long seq, String frame, boolean ackPending) {}

    /** Fetches a stream's items after a seq from storage, in seq order, and calls back on the connection's event loop. */
    interface GapFiller {
        void fetch(long chatId, long afterSeq, int limit, java.util.function.Consumer<List<Stored>> onFetched);
    }

    static final int FILL_PAGE = 500;
    static final long ACK = -1;

    private static final class Stream {
        long last;
        boolean filling;
        final TreeMap<Long, Held> pending = new TreeMap<>();

        Stream(long last) {
            this.last = last;
        }
    }

    private final Map<Long, Stream> streams = new HashMap<>();
    private final Sink sink;
    private final GapFiller filler;

    ChatStreams(Sink sink, GapFiller filler) {
        this.sink = sink;
        this.filler = filler;
    }

    /** Starts tracking a chat at the given position, unless it is tracked already. */
    void track(long chatId, long lastSeq) {
        streams.putIfAbsent(chatId, new Stream(lastSeq));
    }

    /** Fetches whatever storage has after the chat's position (a gap the broker could not have shown). */
    void catchUp(long chatId) {
        Stream stream = streams.get(chatId);
        if (stream != null && !stream.filling) fill(chatId, stream, null);
    }

    void catchUpAll() {
        for (Long chatId : List.copyOf(streams.keySet())) catchUp(chatId);
    }

    /** The last seq of the chat written to the client (or passed to its ack); {@link Long#MAX_VALUE} if the chat is not tracked. */
    long written(long chatId) {
        Stream stream = streams.get(chatId);
        return stream == null ? Long.MAX_VALUE : stream.last;
    }

    void forget(long chatId) {
        streams.remove(chatId);
    }

    /** Drops every chat; fetches still under way find their chat gone and stop. */
    void forgetAll() {
        streams.clear();
    }

    /**
     * The connection's own message is stored as {@code seq} (just now, or earlier for a repeated
     * client_id): its ack takes that seq's place in the stream (the broker skips this connection),
     * so the client sees acks and others' messages in one gapless seq order — the highest seq it has
     * seen is always safe to resume from — and its own message never comes back as a new_message.
     */
    void onOwn(long chatId, long seq, String ackFrame) {
        Stream stream = streams.get(chatId);
        if (stream != null && seq <= stream.last) {
            sink.write(chatId, seq, ackFrame, ACK); // a fill passed it over for this ack; never drop an ack
            return;
        }
        onLive(chatId, seq, ackFrame, ACK);
    }

    /** A live message from the broker. */
    void onLive(long chatId, long seq, String frame, long publishedAtMillis) {
        Stream stream = streams.get(chatId);
        if (stream == null) {
            stream = new Stream(seq - 1);
            streams.put(chatId, stream);
        }
        if (seq <= stream.last) return;
        if (seq == stream.last + 1 && !stream.filling) {
            write(chatId, stream, seq, new Held(frame, publishedAtMillis));
            return;
        }
        // The first frame held for a seq stays: an ack waiting for its place is not replaced by the
        // same message arriving as new_message.
        stream.pending.putIfAbsent(seq, new Held(frame, publishedAtMillis));
        if (!stream.filling) fill(chatId, stream, null);
    }

    /**
     * Re-sends everything after {@code position} (the client's own word for what it has), then
     * continues live; {@code done} runs once this chat is caught up to what storage holds.
     */
    void resume(long chatId, long position, Runnable done) {
        Stream stream = streams.get(chatId);
        if (stream == null) {
            stream = new Stream(position);
            streams.put(chatId, stream);
        } else if (stream.filling) {
            stream.last = Math.min(stream.last, position);
        } else {
            stream.last = position;
        }
        fill(chatId, stream, done);
    }

    private void fill(long chatId, Stream stream, Runnable done) {
        stream.filling = true;
        long before = stream.last;
        long heldAtStart = stream.pending.isEmpty() ? 0 : stream.pending.lastKey();
        filler.fetch(chatId, stream.last, FILL_PAGE, fetched -> {
            if (streams.get(chatId) != stream) return;
            for (Stored item : fetched) {
                // Seqs commit in order, so a hole inside what storage holds is for good (retention
                // removed the messages, or a restore moved the chat's seqs past ones it lost): pass it.
                if (item.seq() <= stream.last) continue;
                Held held = stream.pending.remove(item.seq());
                if (held == null && item.ackPending()) {
                    stream.last = item.seq(); // its ack is on the way and takes this place
                } else {
                    write(chatId, stream, item.seq(), held != null ? held : new Held(item.frame(), 0));
                }
            }
            if (fetched.size() == FILL_PAGE) {
                sink.whenReady(() -> {
                    if (streams.get(chatId) == stream) fill(chatId, stream, done);
                });
                return;
            }
            stream.filling = false;
            drain(chatId, stream, stream.last == before ? heldAtStart : 0);
            if (done != null) done.run();
        });
    }

    /**
     * Writes held messages that now follow on. Storage had everything committed up to the fetch,
     * so a hole left in front of a held message is a seq committed after the fetch began: fetch
     * again. Seqs commit in order, so when a fetch that began after message {@code skipUpTo} was
     * held brought nothing new, the hole in front of it is gone for good (removed by retention) and
     * is skipped, so a reader never stalls.
     */
    private void drain(long chatId, Stream stream, long skipUpTo) {
        while (!stream.pending.isEmpty()) {
            Map.Entry<Long, Held> first = stream.pending.firstEntry();
            if (first.getKey() <= stream.last) {
                stream.pending.pollFirstEntry();
            } else if (first.getKey() == stream.last + 1 || first.getKey() <= skipUpTo) {
                stream.pending.pollFirstEntry();
                write(chatId, stream, first.getKey(), first.getValue());
            } else {
                fill(chatId, stream, null);
                return;
            }
        }
    }

    private void write(long chatId, Stream stream, long seq, Held held) {
        stream.last = seq;
        sink.write(chatId, seq, held.frame(), held.publishedAtMillis());
    }
}
