package io.vestnik.events;

import io.vestnik.gateway.Feed;
import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Problem;
import io.vestnik.store.ChatStore.Position;
import io.vestnik.store.SnapshotStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How far an SSE or long-poll stream has delivered each chat, written out as its
 * {@link StreamCursor}: the snapshot it started from plus the chats that moved since. Confined to
 * the stream's event loop once started.
 */
final class StreamPosition {
    private long snapshotId;
    private Map<Long, Long> snapshot;
    private final Map<Long, Long> moved;

    private StreamPosition(long snapshotId, Map<Long, Long> snapshot, Map<Long, Long> moved) {
        this.snapshotId = snapshotId;
        this.snapshot = snapshot;
        this.moved = new LinkedHashMap<>(moved);
    }

    /** A stream's position and where its feed starts. */
    record Start(StreamPosition position, Feed.Start feed) {}

    /**
     * A new stream starts live at every chat's last seq; the positions are saved as its snapshot.
     * Blocking.
     */
    static Start fresh(long userId, Map<Long, Position> chats, SnapshotStore snapshots, Instant now) {
        Map<Long, Long> starts = new HashMap<>();
        chats.forEach((chat, position) -> starts.put(chat, position.lastSeq()));
        long id = snapshots.save(userId, starts, now);
        return new Start(new StreamPosition(id, starts, Map.of()), new Feed.Start(starts, List.of()));
    }

    /**
     * A stream resumed from a cursor: each chat continues after what the cursor says was
     * delivered — a chat missing from the snapshot was joined after it, so from where it stood at
     * the join — never before the join and never past the chat's end. A chat's change log missing
     * from the cursor starts at its last change: the chat's messages it replays are read after
     * that, so they show every change so far. Blocking.
     */
    static Start resumed(long userId, StreamCursor cursor, Map<Long, Position> chats, SnapshotStore snapshots) {
        Map<Long, Long> snapshot = snapshots.find(cursor.snapshotId(), userId).orElseThrow(() -> Problem.of(
                ErrorCode.CURSOR_EXPIRED, "This cursor has expired; open a new stream without one and fetch history over HTTP."));
        Map<Long, Long> starts = new HashMap<>();
        List<Long> behind = new ArrayList<>();
        chats.forEach((chat, position) -> {
            long unknown = chat < 0 ? position.lastSeq() : position.joinedSeq();
            long delivered = cursor.moved().getOrDefault(chat, snapshot.getOrDefault(chat, unknown));
            long start = Math.min(Math.max(delivered, position.joinedSeq()), position.lastSeq());
            starts.put(chat, start);
            if (start < position.lastSeq()) behind.add(chat);
        });
        return new Start(new StreamPosition(cursor.snapshotId(), snapshot, cursor.moved()), new Feed.Start(starts, behind));
    }

    void advance(long chatId, long seq) {
        moved.put(chatId, seq);
    }

    /** The cursor that resumes right after everything delivered so far. */
    String cursor() {
        return new StreamCursor(snapshotId, moved).text();
    }

    /** True when so many chats moved that the cursor should name a new snapshot. */
    boolean wantsSnapshot() {
        return moved.size() > StreamCursor.MAX_MOVED;
    }

    /** Every position: what to save as the next snapshot. */
    Map<Long, Long> all() {
        Map<Long, Long> all = new HashMap<>(snapshot);
        all.putAll(moved);
        return all;
    }

    /**
     * {@code saved} (taken by {@link #all} earlier) is now snapshot {@code id}. Positions only move
     * forward, so a chat whose position still equals the saved one has not moved since.
     */
    void snapshotSaved(long id, Map<Long, Long> saved) {
        snapshotId = id;
        snapshot = saved;
        moved.entrySet().removeIf(entry -> Objects.equals(saved.get(entry.getKey()), entry.getValue()));
    }
}
