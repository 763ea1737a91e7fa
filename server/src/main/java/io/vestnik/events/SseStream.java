package io.vestnik.events;

import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vestnik.auth.Principal;
import io.vestnik.gateway.ConnectionOutcomes;
import io.vestnik.gateway.Feeds;
import io.vestnik.gateway.OutboundBytes;
import io.vestnik.metrics.Metrics;
import io.vestnik.protocol.Json;
import io.vestnik.protocol.ServerEvent;

/**
 * One client's Server-Sent Events stream ({@code GET /api/v1/events}): its {@link Feed} written
 * as {@code event: <type>} / {@code data: <frame>}. Every message carries an {@code id:} — the
 * stream's cursor right after it — so a reconnecting EventSource sends {@code Last-Event-ID} and
 * continues exactly after the last message it saw, on whichever node it reaches. Runs on its
 * event loop.
 */
final class SseStream extends CursorLink {
    /** A comment this often keeps proxies from timing out an idle stream. */
    static final long KEEP_ALIVE_MILLIS = 15_000;
    /** How long the browser waits before reconnecting once the stream ends. */
    private static final int RETRY_MILLIS = 2_000;

    private final HttpServerResponse response;
    private final io.netty.channel.Channel channel;
    private final int maxQueuedBytes;
    private final Metrics metrics;
    private boolean snapshotting;
    private boolean ended;
    private volatile long lastWriteMillis = System.currentTimeMillis();

    SseStream(String id, Principal principal, Context context, io.vertx.core.http.HttpServerRequest request, Feeds feeds,
              Snapshots snapshots, int maxQueuedBytes, Metrics metrics) {
        // The client's doing, unless the node ends it.
        super(id, principal, context, feeds, snapshots, ConnectionOutcomes.CLIENT);
        this.maxQueuedBytes = maxQueuedBytes;
        this.metrics = metrics;
        this.response = request.response();
        this.channel = OutboundBytes.channelOf(request.connection());
    }

    @Override
    void emit(String frame, boolean movedCursor) {
        write(movedCursor ? position.cursor() : null, frame);
        if (movedCursor && position.wantsSnapshot()) saveSnapshot();
    }

    @Override
    boolean finished() {
        return ended;
    }

    /** The feed is live: sends the headers and {@code connected} (with the cursor as its id), then events. */
    void started(StreamPosition.Start start, ServerEvent.Connected connected) {
        if (ended) return;
        position = start.position();
        response.setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache, no-transform")
                .putHeader("X-Accel-Buffering", "no")
                .setWriteQueueMaxSize(maxQueuedBytes);
        response.write("retry: " + RETRY_MILLIS + "\n\n");
        write(position.cursor(), Json.write(connected));
        feed.release(start.feed());
    }

    /**
     * Writes one event. A client that lets more than the outbound bound pile up is cut off rather
     * than buffered without limit; its EventSource reconnects with Last-Event-ID and loses nothing.
     */
    private void write(String eventId, String frame) {
        if (ended || response.closed()) return;
        StringBuilder event = new StringBuilder(frame.length() + 64);
        if (eventId != null) event.append("id: ").append(eventId).append('\n');
        event.append("event: ").append(typeOf(frame)).append("\ndata: ").append(frame).append("\n\n");
        response.write(event.toString());
        lastWriteMillis = System.currentTimeMillis();
        if (response.writeQueueFull()) {
            metrics.slowConsumer();
            close(io.vestnik.protocol.CloseCodes.SLOW_CONSUMER, "Reading too slowly");
        }
    }

    /** Frames are written {@code type} first, so the type is read off the front without parsing. */
    static String typeOf(String frame) {
        String prefix = "{\"type\":\"";
        int end = frame.startsWith(prefix) ? frame.indexOf('"', prefix.length()) : -1;
        return end < 0 ? "message" : frame.substring(prefix.length(), end);
    }

    /** Keeps an idle stream open through proxies; called by the heartbeat sweep ({@link io.vestnik.gateway.Links}), from any thread. */
    @Override
    public void keepAlive(long nowMillis) {
        if (nowMillis - lastWriteMillis < KEEP_ALIVE_MILLIS) return;
        lastWriteMillis = nowMillis;
        context().runOnContext(ignored -> {
            if (!ended && position != null && !response.closed()) response.write(":\n\n");
        });
    }

    /** Many chats moved: later ids name a new snapshot, so they stay short. One save at a time. */
    private void saveSnapshot() {
        if (snapshotting) return;
        snapshotting = true;
        java.util.Map<Long, Long> saved = position.all();
        snapshots.save(this, saved).onComplete(result -> {
            snapshotting = false;
            if (result.succeeded()) position.snapshotSaved(result.result(), saved);
        });
    }

    /** The stream could not open (storage down, an expired cursor): an error answer, not a stream. */
    void failed(io.vertx.ext.web.RoutingContext ctx, Throwable failure) {
        if (ended) return;
        ended = true;
        endReason = ConnectionOutcomes.FAILED;
        io.vestnik.http.Api.fail(ctx, failure);
    }

    /** Ends the stream; however it ended, the EventSource reconnects (a revoked session then gets 401). */
    @Override
    public void close(int code, String reason) {
        if (ended) return;
        ended = true;
        endReason = ConnectionOutcomes.reason(code);
        if (position == null) response.setStatusCode(503); // closed while opening: nothing was sent yet
        response.end();
    }

    @Override
    public io.vestnik.metrics.Transport transport() {
        return io.vestnik.metrics.Transport.SSE;
    }

    @Override
    public long queuedBytes() {
        return OutboundBytes.pending(channel);
    }

    /** The connection closed or the response ended, whoever ended it. */
    void ended() {
        ended = true;
    }
}
