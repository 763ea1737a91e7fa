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
 * fetched from storage (the {@link GapFiller}), then everything is written in order. A gap that a
 * live arrival opens is usually only the broker running a few milliseconds behind (an ack comes
 * back on the reply path before the message before it comes through the broker), so the held
 * items first wait {@link #LIVE_GAP_GRACE_MILLIS} for the missing seqs to arrive live: if they do,
 * everything is written in order with no storage read; if not, the fill runs. The user's
 * notifications are one more stream here, under {@link io.vestnik.broker.Envelope#NOTIFICATIONS},
 * with the same rules, and so is each chat's change log, under {@link #changesOf} (decision 0029),
 * numbered by change.
 *
 * <p><b>A change never overtakes its message.</b> A change names the message it changes; while
 * the chat's message stream has not written that message, the change stream waits (its later
 * changes with it) and the message stream catches up from storage. A change commits after its
 * message, so once a fill that began after the change arrived is done, the message is written,
 * or gone for good (retention) and the change goes on. Confined to the connection's event loop:
 * no locks.
 */
public final class ChatStreams {

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

    /** {@code needs}: for a change, the seq of the message it changes (0: none). */
    private record Held(String frame, long publishedAtMillis, long needs) {
        Held(String frame, long publishedAtMillis) {
            this(frame, publishedAtMillis, 0);
        }
    }

    /**
     * One item of a stream as storage holds it: its seq, its frame, whether it is the
     * connection's own message whose ack is on the way (and takes its place), and for a change
     * the seq of the message it changes (0: none).
     */
    record Stored(long seq, String frame, boolean ackPending, long needs) {
        Stored(long seq, String frame, boolean ackPending) {
            this(seq, frame, ackPending, 0);
        }
    }

    /** Fetches a stream's items after a seq from storage, in seq order, and calls back on the connection's event loop. */
    interface GapFiller {
        void fetch(long chatId, long afterSeq, int limit, java.util.function.Consumer<List<Stored>> onFetched);
    }

    /** Runs a task on the connection's event loop after a delay. */
    interface Timer {
        /** @return cancels the task unless it has run */
        Runnable after(long millis, Runnable task);
    }

    static final int FILL_PAGE = 500;
    /**
     * How long a gap opened by a live arrival waits for the broker before it costs a storage read.
     * The broker's hop is a few milliseconds (e2e p99 about 12 ms at 500 sends/s on the 2-core
     * bench machine), so the usual reordering closes well within it; a message the broker really
     * lost (rare: it is best effort) reaches the client this much later than with an immediate fill.
     */
    static final long LIVE_GAP_GRACE_MILLIS = 50;
    static final long ACK = -1;

    private static final class Stream {
        long last;
        boolean filling;
        /** Fills begun on this stream, counting the current one. */
        int fills;
        final TreeMap<Long, Held> pending = new TreeMap<>();
        /** A change stream whose next change waits for message {@code waitingFor}. */
        boolean waiting;
        long waitingFor;
        /** The message stream's fill whose end lets the waiting change pass even without its message. */
        int passAfterFill;
        /** Changes for messages up to this seq pass without their message (it is gone for good). */
        long passUpTo;
        /** What a resume waits for, held while the stream waits. */
        Runnable doneWhenCaughtUp;
        /**
         * Cancels the running grace for a live gap; null when none runs. A grace runs only while
         * the stream neither fills nor waits and holds items behind a gap.
         */
        Runnable cancelGrace;
        /** Graces begun on this stream: a grace that ends after it was replaced does nothing. */
        int graces;

        Stream(long last) {
            this.last = last;
        }
    }

    private final Map<Long, Stream> streams = new HashMap<>();
    private final Sink sink;
    private final GapFiller filler;
    private final Timer timer;

    ChatStreams(Sink sink, GapFiller filler, Timer timer) {
        this.sink = sink;
        this.filler = filler;
        this.timer = timer;
    }

    /** The key of chat {@code chatId}'s change stream: chats' keys are positive, notifications' 0. */
    public static long changesOf(long chatId) {
        return -chatId;
    }

    /** Starts tracking a chat at the given position, unless it is tracked already. */
    void track(long chatId, long lastSeq) {
        streams.putIfAbsent(chatId, new Stream(lastSeq));
    }

    /** Fetches whatever storage has after the chat's position (a gap the broker could not have shown). */
    void catchUp(long chatId) {
        Stream stream = streams.get(chatId);
        if (stream != null && !stream.filling && !stream.waiting) fill(chatId, stream, null);
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
        Stream stream = streams.remove(chatId);
        if (stream != null) endGrace(stream);
    }

    /** Drops every chat; fetches still under way find their chat gone and stop. */
    void forgetAll() {
        streams.values().forEach(ChatStreams::endGrace);
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
        onLive(chatId, seq, new Held(frame, publishedAtMillis));
    }

    /** A live change from the broker: change {@code number} of the chat, to message {@code needs} (0: none). */
    void onLiveChange(long chatId, long number, long needs, String frame, long publishedAtMillis) {
        onLive(changesOf(chatId), number, new Held(frame, publishedAtMillis, needs));
    }

    private void onLive(long key, long seq, Held held) {
        Stream stream = streams.get(key);
        if (stream == null) {
            stream = new Stream(seq - 1);
            streams.put(key, stream);
        }
        if (seq <= stream.last) return;
        if (seq == stream.last + 1 && stream.pending.isEmpty() && !stream.filling && !stream.waiting
                && passes(key, stream, held)) {
            write(key, stream, seq, held); // the common case, without touching pending
            return;
        }
        // The first frame held for a seq stays: an ack waiting for its place is not replaced by the
        // same message arriving as new_message.
        stream.pending.putIfAbsent(seq, held);
        if (stream.filling || stream.waiting) return;
        if (writeFollowing(key, stream, 0)) {
            if (stream.cancelGrace == null) beginGrace(key, stream);
        } else {
            endGrace(stream);
        }
    }

    /** The gap stays open while the missing seqs may still come live; when the grace ends it is filled. */
    private void beginGrace(long key, Stream stream) {
        int grace = ++stream.graces;
        stream.cancelGrace = timer.after(LIVE_GAP_GRACE_MILLIS, () -> {
            if (streams.get(key) != stream || stream.graces != grace || stream.cancelGrace == null) return;
            stream.cancelGrace = null;
            fill(key, stream, null);
        });
    }

    private static void endGrace(Stream stream) {
        if (stream.cancelGrace == null) return;
        stream.cancelGrace.run();
        stream.cancelGrace = null;
    }

    /**
     * Re-sends everything after {@code position} (the client's own word for what it has), then
     * continues live; {@code done} runs once this chat is caught up to what storage holds.
     */
    public void resume(long chatId, long position, Runnable done) {
        Stream stream = streams.get(chatId);
        if (stream == null) {
            stream = new Stream(position);
            streams.put(chatId, stream);
        } else if (stream.filling || stream.waiting) {
            stream.last = Math.min(stream.last, position);
        } else {
            stream.last = position;
        }
        if (stream.waiting) {
            stream.doneWhenCaughtUp = both(stream.doneWhenCaughtUp, done);
            return;
        }
        fill(chatId, stream, done);
    }

    private static Runnable both(Runnable first, Runnable second) {
        if (first == null || second == null) return first == null ? second : first;
        return () -> {
            first.run();
            second.run();
        };
    }

    private void fill(long chatId, Stream stream, Runnable done) {
        endGrace(stream);
        stream.filling = true;
        int fill = ++stream.fills;
        long before = stream.last;
        long heldAtStart = stream.pending.isEmpty() ? 0 : stream.pending.lastKey();
        filler.fetch(chatId, stream.last, FILL_PAGE, fetched -> {
            if (streams.get(chatId) != stream) return;
            for (int i = 0; i < fetched.size(); i++) {
                Stored item = fetched.get(i);
                // Seqs commit in order, so a hole inside what storage holds is for good (retention
                // removed the messages, or a restore moved the chat's seqs past ones it lost): pass it.
                if (item.seq() <= stream.last) continue;
                Held held = stream.pending.remove(item.seq());
                if (held == null && item.ackPending()) {
                    stream.last = item.seq(); // its ack is on the way and takes this place
                    continue;
                }
                Held next = held != null ? held : new Held(item.frame(), 0, item.needs());
                if (!passes(chatId, stream, next)) {
                    stream.pending.put(item.seq(), next);
                    fetched.subList(i + 1, fetched.size()).forEach(rest -> stream.pending.putIfAbsent(rest.seq(),
                            new Held(rest.frame(), 0, rest.needs())));
                    stream.filling = false;
                    stream.doneWhenCaughtUp = both(stream.doneWhenCaughtUp, done);
                    waitForMessage(chatId, stream, next.needs());
                    return;
                }
                write(chatId, stream, item.seq(), next);
            }
            if (fetched.size() == FILL_PAGE) {
                sink.whenReady(() -> {
                    if (streams.get(chatId) == stream) fill(chatId, stream, done);
                });
                return;
            }
            stream.filling = false;
            if (writeFollowing(chatId, stream, stream.last == before ? heldAtStart : 0)) fill(chatId, stream, null);
            if (done != null) done.run();
            if (chatId > 0 && !stream.filling) messagesFilled(chatId, fill);
        });
    }

    /** True unless {@code held} is a change to a message this connection has not been written yet. */
    private boolean passes(long key, Stream stream, Held held) {
        return key >= 0 || held.needs() <= stream.passUpTo || held.needs() <= written(-key);
    }

    /**
     * The change stream stops at a change whose message is not written yet, and the chat's
     * message stream catches up: a fill that begins now finds the message, which committed first.
     */
    private void waitForMessage(long key, Stream stream, long needs) {
        endGrace(stream);
        stream.waiting = true;
        stream.waitingFor = needs;
        Stream messages = streams.get(-key);
        stream.passAfterFill = messages.fills + 1;
        if (!messages.filling) fill(-key, messages, null);
    }

    /** The chat's message stream wrote a message: the change waiting for it may go on. */
    private void messageWritten(long chatId, long seq) {
        Stream changes = streams.get(changesOf(chatId));
        if (changes != null && changes.waiting && seq >= changes.waitingFor) stopWaiting(changesOf(chatId), changes);
    }

    /**
     * A fill of the chat's messages ended. If it began after a change started waiting, the
     * change's message is written or gone for good: the change goes on. Otherwise fill again.
     */
    private void messagesFilled(long chatId, int fill) {
        Stream changes = streams.get(changesOf(chatId));
        if (changes == null || !changes.waiting) return;
        if (fill >= changes.passAfterFill) {
            changes.passUpTo = Math.max(changes.passUpTo, changes.waitingFor);
            stopWaiting(changesOf(chatId), changes);
        } else {
            fill(chatId, streams.get(chatId), null);
        }
    }

    /** Goes on from storage: what waited is in {@code pending} and is taken from there in order. */
    private void stopWaiting(long key, Stream stream) {
        stream.waiting = false;
        Runnable done = stream.doneWhenCaughtUp;
        stream.doneWhenCaughtUp = null;
        fill(key, stream, done);
    }

    /**
     * Writes held messages that now follow on, and tells whether a hole is left in front of the
     * rest. After a fill, storage had everything committed up to the fetch, so such a hole is a
     * seq committed after the fetch began: fetch again. Seqs commit in order, so when a fetch that
     * began after message {@code skipUpTo} was held brought nothing new, the hole in front of it
     * is gone for good (removed by retention) and is skipped, so a reader never stalls.
     */
    private boolean writeFollowing(long chatId, Stream stream, long skipUpTo) {
        while (!stream.pending.isEmpty()) {
            Map.Entry<Long, Held> first = stream.pending.firstEntry();
            if (first.getKey() <= stream.last) {
                stream.pending.pollFirstEntry();
            } else if (first.getKey() == stream.last + 1 || first.getKey() <= skipUpTo) {
                if (!passes(chatId, stream, first.getValue())) {
                    waitForMessage(chatId, stream, first.getValue().needs());
                    return false;
                }
                stream.pending.pollFirstEntry();
                write(chatId, stream, first.getKey(), first.getValue());
            } else {
                return true;
            }
        }
        return false;
    }

    private void write(long chatId, Stream stream, long seq, Held held) {
        stream.last = seq;
        sink.write(chatId, seq, held.frame(), held.publishedAtMillis());
        if (chatId > 0) messageWritten(chatId, seq);
    }
}
