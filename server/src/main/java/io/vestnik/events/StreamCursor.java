package io.vestnik.events;

import io.vestnik.gateway.ChatStreams;
import io.vestnik.protocol.Problem;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text of an SSE event id or long-poll cursor: a saved snapshot of every chat's position
 * ({@link io.vestnik.store.SnapshotStore}) and the chats whose position moved since it. Short
 * whatever the number of chats, and resumable on any node. Opaque to clients; written as base36
 * numbers, {@code <snapshot>(-<chat>.<seq>)*}, e.g. {@code 2s-9.1c-a.4}; a chat's change log
 * (stream key {@link ChatStreams#changesOf}) moves as {@code -~<chat>.<number>}.
 */
record StreamCursor(long snapshotId, Map<Long, Long> moved) {
    /** More moved chats than this and the stream saves a new snapshot, keeping ids short. */
    static final int MAX_MOVED = 16;
    private static final int MAX_LENGTH = 1024;

    String text() {
        StringBuilder text = new StringBuilder(Long.toString(snapshotId, 36));
        moved.forEach((stream, seq) -> text.append(stream < 0 ? "-~" : "-").append(Long.toString(Math.abs(stream), 36))
                .append('.').append(Long.toString(seq, 36)));
        return text.toString();
    }

    /** Reads a cursor a client sent back; anything this server did not write is refused. */
    static StreamCursor parse(String text) {
        if (text.isEmpty() || text.length() > MAX_LENGTH) throw malformed();
        String[] parts = text.split("-", -1);
        Map<Long, Long> moved = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int dot = parts[i].indexOf('.');
            if (dot < 0) throw malformed();
            boolean changes = parts[i].startsWith("~");
            long chat = number(parts[i].substring(changes ? 1 : 0, dot));
            moved.put(changes ? ChatStreams.changesOf(chat) : chat, number(parts[i].substring(dot + 1)));
        }
        return new StreamCursor(number(parts[0]), moved);
    }

    private static long number(String base36) {
        try {
            long value = Long.parseLong(base36, 36);
            if (value < 0 || base36.startsWith("+")) throw malformed();
            return value;
        } catch (NumberFormatException e) {
            throw malformed();
        }
    }

    private static Problem malformed() {
        return Problem.invalid("The cursor (or Last-Event-ID) is not one this server wrote.");
    }
}
