package io.vestnik.loadgen.raw;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.channel.SingleThreadEventLoop;
import java.util.ArrayList;
import java.util.List;

/**
 * The members of one room on one event loop, and the ones written to since that loop's last flush.
 * Writes are not flushed; the first write to a member in an event-loop iteration marks it dirty, and
 * a task run after the iteration (after its I/O and all its tasks) flushes every dirty member once.
 * A connection joins one room, so this per-room dirty list is its loop's. Every method runs on
 * {@link #loop()}, so nothing here is synchronized.
 */
final class LoopMembers {
    private final SingleThreadEventLoop loop;
    private final List<RoomHandler> members = new ArrayList<>();
    private final List<RoomHandler> dirty = new ArrayList<>();
    private final Runnable flushDirty = this::flushDirty;

    LoopMembers(EventLoop loop) {
        // MultiThreadIoEventLoopGroup's loops are SingleThreadEventLoops: they can run a task after each iteration.
        this.loop = (SingleThreadEventLoop) loop;
    }

    EventLoop loop() {
        return loop;
    }

    void add(RoomHandler member) {
        members.add(member);
    }

    void remove(RoomHandler member) {
        members.remove(member);
    }

    /** Writes {@code frame} to every member here but {@code sender}, then releases it. */
    void deliver(ByteBuf frame, RoomHandler sender) {
        try {
            for (RoomHandler member : members) {
                if (member != sender) write(member, frame.retainedDuplicate());
            }
        } finally {
            frame.release();
        }
    }

    /** Writes {@code frame} to {@code member}, to be flushed after this event-loop iteration. */
    void write(RoomHandler member, ByteBuf frame) {
        member.write(frame);
        if (member.markDirty()) {
            if (dirty.isEmpty()) loop.executeAfterEventLoopIteration(flushDirty);
            dirty.add(member);
        }
    }

    private void flushDirty() {
        for (RoomHandler member : dirty) member.flush();
        dirty.clear();
    }
}
