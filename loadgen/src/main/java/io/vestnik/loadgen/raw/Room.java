package io.vestnik.loadgen.raw;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One room's members, grouped by the event loop their channel lives on. A broadcast hands each other
 * loop one task carrying a duplicate of the encoded frame and writes to its own loop's members
 * inline: one task per loop per message, however many members the loop holds. Per sender, messages
 * reach each member in send order (a loop runs its tasks in order). Thread-safe.
 */
final class Room {
    private final List<LoopMembers> loops = new CopyOnWriteArrayList<>();

    /** The members on {@code loop}, created the first time a channel of that loop joins. */
    synchronized LoopMembers on(EventLoop loop) {
        for (LoopMembers members : loops) {
            if (members.loop() == loop) return members;
        }
        LoopMembers members = new LoopMembers(loop);
        loops.add(members);
        return members;
    }

    /** Writes {@code frame} to every member but {@code sender}; takes over the caller's reference. Call on the sender's loop. */
    void broadcast(ByteBuf frame, RoomHandler sender) {
        try {
            LoopMembers local = null;
            for (LoopMembers members : loops) {
                if (members.loop().inEventLoop()) {
                    local = members;
                } else {
                    ByteBuf duplicate = frame.retainedDuplicate();
                    members.loop().execute(() -> members.deliver(duplicate, sender));
                }
            }
            // The other loops start first; this one writes while they do.
            if (local != null) local.deliver(frame.retain(), sender);
        } finally {
            frame.release();
        }
    }
}
