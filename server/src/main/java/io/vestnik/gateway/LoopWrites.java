package io.vestnik.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.vestnik.metrics.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * One event loop's writes to its WebSockets (decision 0038). The router hands each event to a
 * loop as one task ({@link #execute}) for all of the loop's recipients; within it:
 * <ul>
 *   <li>the event's frame is encoded once ({@link TextFrames}) and every recipient is written a
 *       retained duplicate of the same buffer, straight to its channel below Vert.x's WebSocket
 *       encoder;</li>
 *   <li>nothing is flushed while the task runs: each written channel is flushed once at its end;</li>
 *   <li>deliveries are counted once per task, not once per recipient.</li>
 * </ul>
 * A write outside such a task (an ack, a replay page, a reply) is flushed by one task queued on the
 * loop, together with every other write made before it runs. Confined to its event loop, but for
 * {@link #execute}.
 */
final class LoopWrites implements Executor {

    /** One WebSocket's channel, as this loop writes to it. Made and used on the loop. */
    static final class Out {
        private final Channel channel;
        private ChannelHandlerContext frames;
        private boolean dirty;

        Out(Channel channel) {
            this.channel = channel;
        }

        /** Written to the channel, not yet taken by the client (Netty's outbound buffer). */
        long queuedBytes() {
            return OutboundBytes.pending(channel);
        }

        /** Where encoded frames enter the pipeline: just below its WebSocket encoder; null once closed. */
        private ChannelHandlerContext frames() {
            if (frames == null || frames.isRemoved()) frames = channel.pipeline().context(WebSocketFrameEncoder.class);
            return frames;
        }
    }

    private final Executor loop;
    private final Metrics metrics;
    private final List<Out> dirty = new ArrayList<>();
    private final Runnable queuedFlush = () -> {
        flushQueued = false;
        flush();
    };
    private boolean inTask;
    private boolean flushQueued;
    /** The last frame encoded, and its text: kept until the next flush. */
    private String encodedText;
    private ByteBuf encoded;
    private int delivered;
    private long deliveredPublishedAt;

    /** @param loop runs tasks on the event loop, after what is queued there already */
    LoopWrites(Executor loop, Metrics metrics) {
        this.loop = loop;
        this.metrics = metrics;
    }

    /** Runs {@code task} on the loop, then flushes every channel it wrote to. Any thread. */
    @Override
    public void execute(Runnable task) {
        loop.execute(() -> {
            inTask = true;
            try {
                task.run();
            } finally {
                inTask = false;
                flush();
            }
        });
    }

    /** Writes {@code text} as one text frame, flushed later (see above); false if the channel is closed. */
    boolean write(Out out, String text) {
        ChannelHandlerContext frames = out.frames();
        if (frames == null || !out.channel.isActive()) return false;
        frames.write(frameOf(out.channel, text), frames.voidPromise());
        if (!out.dirty) {
            out.dirty = true;
            dirty.add(out);
            flushLater();
        }
        return true;
    }

    /** A message published at {@code publishedAtMillis} was written to one more recipient. */
    void delivered(long publishedAtMillis) {
        if (delivered > 0 && publishedAtMillis != deliveredPublishedAt) countDelivered();
        deliveredPublishedAt = publishedAtMillis;
        delivered++;
        flushLater();
    }

    private ByteBuf frameOf(Channel channel, String text) {
        if (encoded == null || !(text == encodedText || text.equals(encodedText))) {
            releaseEncoded();
            encoded = TextFrames.encode(channel.alloc(), text);
            encodedText = text;
        }
        return encoded.retainedDuplicate();
    }

    private void flushLater() {
        if (inTask || flushQueued) return;
        flushQueued = true;
        loop.execute(queuedFlush);
    }

    private void flush() {
        countDelivered();
        releaseEncoded();
        // By index: a flush that fails may close a channel, whose handlers may write to others.
        for (int i = 0; i < dirty.size(); i++) {
            Out out = dirty.get(i);
            out.dirty = false;
            out.channel.flush();
        }
        dirty.clear();
    }

    private void countDelivered() {
        if (delivered == 0) return;
        metrics.delivered(delivered, deliveredPublishedAt);
        delivered = 0;
    }

    private void releaseEncoded() {
        if (encoded == null) return;
        encoded.release();
        encoded = null;
        encodedText = null;
    }
}
