package io.vestnik.gateway;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vestnik.auth.Principal;
import io.vestnik.domain.Message;
import io.vestnik.metrics.Metrics;
import io.vestnik.protocol.CloseCodes;
import io.vestnik.protocol.Json;
import io.vestnik.protocol.ServerEvent;
import java.util.HashSet;
import java.util.Set;

/**
 * One client's WebSocket: its {@link Feed} written to the socket, and the frames it sends. Runs on
 * its event loop ({@link #context}).
 *
 * <p>Client frames are handled one after another, in the order sent, so a client's sends to a
 * chat are stored in the order it sent them. A send is handled once its append is queued, not
 * committed, so one client can have many sends in flight; replies (acks, errors) are written in
 * frame order as their outcomes arrive.
 */
final class Connection implements Link {
    /**
     * How many frames may wait for handling or for their reply; past it the socket is not read
     * until half are done, so a fast client is slowed down by TCP rather than buffered without bound.
     */
    static final int MAX_QUEUED_FRAMES = 64;
    /** How long a socket we closed may take to finish the close handshake before it is cut. */
    static final long CLOSE_GRACE_MILLIS = 5_000;
    static final long PACE_CHECK_MILLIS = 10;
    /**
     * How long a restart's close waits for the sends in flight to be answered; within the node's
     * drain grace, so the close handshake still fits.
     */
    static final long ANSWER_WAIT_MILLIS = 3_000;

    private final ServerWebSocket socket;
    private final Principal principal;
    private final Feeds feeds;
    private final int maxQueuedBytes;
    private final Metrics metrics;
    private final Feed feed;
    private final LoopWrites writes;
    private final LoopWrites.Out out;
    /** "chatId:clientId" of sends handed to storage and not yet acked. */
    private final Set<String> unacked = new HashSet<>();
    private volatile long lastHeardMillis = System.currentTimeMillis();
    private volatile long lastPingMillis = System.currentTimeMillis();
    private Future<Void> tail = Future.succeededFuture();
    private Future<Void> replies = Future.succeededFuture();
    private int queuedFrames;
    private boolean readingPaused;
    /** Stopping for a restart: nothing more is read, so the frames read can all be answered. */
    private boolean restarting;
    private boolean closed;
    /** A close was asked for: nothing more is written behind the close frame. */
    private boolean closing;
    /** The code this node closed with; 0 when the client closed first. */
    private int closedWith;

    Connection(String id, ServerWebSocket socket, Context context, Principal principal, Feeds feeds,
               int maxQueuedBytes, Metrics metrics, boolean willResume) {
        this.socket = socket;
        this.principal = principal;
        this.feeds = feeds;
        this.maxQueuedBytes = maxQueuedBytes;
        this.metrics = metrics;
        // Bounds what Vert.x itself writes (pings, the close frame); frames go through the loop writes.
        socket.setWriteQueueMaxSize(maxQueuedBytes);
        this.writes = feeds.loopOf(context);
        this.out = new LoopWrites.Out(channel());
        this.feed = new Feed(id, principal.userId(), context, feeds, new Feed.Output() {
            @Override
            public void event(String frame) {
                write(frame);
            }

            @Override
            public void message(long chatId, long seq, String frame, long publishedAtMillis) {
                if (write(frame) && publishedAtMillis != ChatStreams.ACK) {
                    writes.delivered(publishedAtMillis);
                    feeds.receivedUpTo(chatId, principal.userId(), seq);
                }
            }

            @Override
            public void whenReady(Runnable next) {
                whenHalfDrained(next);
            }
        }, this::awaitingAck, willResume);
    }

    @Override
    public String id() {
        return feed.id();
    }

    @Override
    public Principal principal() {
        return principal;
    }

    @Override
    public Context context() {
        return feed.context();
    }

    Feed feed() {
        return feed;
    }

    ChatStreams streams() {
        return feed.streams();
    }

    long lastHeardMillis() {
        return lastHeardMillis;
    }

    long lastPingMillis() {
        return lastPingMillis;
    }

    void heard() {
        lastHeardMillis = System.currentTimeMillis();
    }

    void ping() {
        lastPingMillis = System.currentTimeMillis();
        context().runOnContext(ignored -> {
            if (!closed) socket.writePing(io.vertx.core.buffer.Buffer.buffer());
        });
    }

    /**
     * Writes a frame unless the socket is closed; it is flushed with the loop's batch
     * ({@link LoopWrites}). A client that lets more than the outbound bound pile up is closed (4009)
     * rather than buffered without limit: memory stays bounded however many readers stall, and the
     * client recovers everything through resume.
     */
    private boolean write(String frame) {
        // The peer may have closed the socket before its close handler ran here.
        if (closed || closing || socket.isClosed() || !writes.write(out, frame)) return false;
        if (out.queuedBytes() > maxQueuedBytes) {
            metrics.slowConsumer();
            close(CloseCodes.SLOW_CONSUMER, "Reading too slowly; reconnect and resume");
        }
        return true;
    }

    /**
     * Runs {@code next} once at most half the outbound bound waits for the client, checking every
     * {@link #PACE_CHECK_MILLIS}; a replay thus never overflows the bound by itself (4009 is for
     * clients that stop reading, not for long replays).
     */
    private void whenHalfDrained(Runnable next) {
        if (closed || closing) return;
        if (out.queuedBytes() <= maxQueuedBytes / 2) {
            next.run();
        } else {
            context().owner().setTimer(PACE_CHECK_MILLIS, ignored -> whenHalfDrained(next));
        }
    }

    private io.netty.channel.Channel channel() {
        return ((io.vertx.core.internal.http.WebSocketInternal) socket).channelHandlerContext().channel();
    }

    void sending(long chatId, String clientId) {
        unacked.add(chatId + ":" + clientId);
    }

    void acked(long chatId, String clientId) {
        unacked.remove(chatId + ":" + clientId);
    }

    private boolean awaitingAck(Message message) {
        return message.senderId() == principal.userId() && unacked.contains(message.chatId() + ":" + message.clientId());
    }

    void send(ServerEvent event) {
        if (!closed) write(Json.write(event));
    }

    /** Queues a frame behind the ones before it. */
    void enqueue(java.util.function.Supplier<Future<Void>> handling) {
        queued();
        tail = tail.transform(ignored -> handling.get()).andThen(ignored -> done());
    }

    /**
     * Writes a reply once its {@code outcome} is known and every earlier reply is written, so
     * replies go out in the order of the frames they answer. Counts as queued until written.
     */
    <T> void reply(Future<T> outcome, io.vertx.core.Handler<io.vertx.core.AsyncResult<T>> write) {
        queued();
        replies = replies.transform(ignored -> outcome.transform(result -> {
            write.handle(result);
            return Future.<Void>succeededFuture();
        })).andThen(ignored -> done());
    }

    private void queued() {
        if (++queuedFrames >= MAX_QUEUED_FRAMES && !readingPaused) {
            readingPaused = true;
            socket.pause();
        }
    }

    private void done() {
        if (--queuedFrames <= MAX_QUEUED_FRAMES / 2 && readingPaused && !restarting) {
            readingPaused = false;
            socket.resume();
        }
    }

    @Override
    public void close(int code, String reason) {
        if (closed || closing) return;
        closing = true;
        closedWith = code;
        socket.close((short) code, reason);
        context().owner().setTimer(CLOSE_GRACE_MILLIS, ignored -> cutIfStillOpen());
    }

    /**
     * Stops reading, then closes once every frame read is answered (a send acked or refused), so
     * a client never retries elsewhere a send this node could still store: the second attempt
     * might be answered differently (the sender muted meanwhile) while the first is stored.
     * Past {@link #ANSWER_WAIT_MILLIS} it closes anyway; the client's retry is then deduplicated.
     */
    @Override
    public void closeForRestart() {
        if (closed || closing || restarting) return;
        restarting = true;
        readingPaused = true;
        socket.pause();
        long timer = context().owner().setTimer(ANSWER_WAIT_MILLIS, ignored -> closeRestarting());
        tail.transform(ignored -> replies).onComplete(ignored -> {
            context().owner().cancelTimer(timer);
            closeRestarting();
        });
    }

    private void closeRestarting() {
        close(CloseCodes.RESTARTING, "Server restarting");
    }

    /**
     * A client that stopped reading never takes the close frame queued behind its backlog, so the
     * close handshake never ends and the socket would be held for ever. Past the grace it is reset:
     * the kernel drops what it still buffered, and the connection is released.
     */
    private void cutIfStillOpen() {
        if (closed) return;
        io.netty.channel.Channel channel = channel();
        channel.config().setOption(io.netty.channel.ChannelOption.SO_LINGER, 0);
        // Straight to the transport: a close through the pipeline waits for the close frame to be written first.
        channel.unsafe().close(channel.voidPromise());
    }

    @Override
    public io.vestnik.metrics.Transport transport() {
        return io.vestnik.metrics.Transport.WEBSOCKET;
    }

    @Override
    public String closeCode() {
        if (closedWith != 0) return ConnectionOutcomes.websocketCode(closedWith);
        Short peers = socket.closeStatusCode();
        return ConnectionOutcomes.websocketCode(peers == null ? ConnectionOutcomes.NO_CLOSE_FRAME : peers);
    }

    @Override
    public long queuedBytes() {
        return out.queuedBytes();
    }

    /** Called once when the socket has closed, whoever closed it. */
    void closed() {
        closed = true;
        feed.close();
    }
}
