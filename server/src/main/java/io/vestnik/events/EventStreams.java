package io.vestnik.events;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vestnik.auth.Principal;
import io.vestnik.gateway.Admission;
import io.vestnik.gateway.ConnectionOutcomes;
import io.vestnik.gateway.Feeds;
import io.vestnik.gateway.LinkOpener;
import io.vestnik.gateway.Links;
import io.vestnik.http.Api;
import io.vestnik.http.RateLimitHeaders;
import io.vestnik.metrics.Metrics;
import io.vestnik.metrics.Refusal;
import io.vestnik.metrics.Transport;
import io.vestnik.presence.PresenceService;
import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Problem;
import io.vestnik.store.SnapshotStore;
import io.vestnik.transport.Offload;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

/**
 * The fallback transports, for clients that cannot keep a WebSocket: {@code GET /api/v1/events}
 * (Server-Sent Events) and {@code GET /api/v1/events/poll} (long poll). Both carry the same
 * events as the WebSocket with the same promise for messages — every one, once, in seq order —
 * and resume from a cursor on any node, so no sticky sessions are needed. Both authenticate like
 * the WebSocket ({@code ?ticket=} or a bearer token) and check a browser's Origin like it.
 *
 * <p>A user holds at most {@link StreamSlots#perUser} streams and polls at once on a node; one more
 * is refused with 429 rather than ending an older one, because a transport that was ended comes
 * straight back (EventSource reconnects, a poller polls again), so more tabs than the cap would
 * take turns ending each other for ever. A slot is free again the moment its request ends.
 */
public final class EventStreams {
    /** Longest a poll may wait; below the usual 60 s proxy read timeout. */
    static final int MAX_POLL_SECONDS = 55;
    static final int DEFAULT_POLL_SECONDS = 25;

    /** When a refused stream may try again: long polls end within a minute, SSE streams when their tab closes. */
    private static final long SLOT_RETRY_SECONDS = 5;
    /** The name a refusal for want of a stream slot is counted under among the rate limits. */
    public static final String STREAM_SLOTS_LIMIT = "streams_user";

    /** Most bytes queued for a slow SSE reader before it is cut off; most streams and polls per user. */
    public record Limits(int maxQueuedBytes, int maxStreamsPerUser) {}

    private final Offload offload;
    private final Admission admission;
    private final Links links;
    private final LinkOpener opener;
    private final Feeds feeds;
    private final SnapshotStore snapshotStore;
    private final Snapshots snapshots;
    private final PollPresence pollPresence;
    private final StreamSlots slots;
    private final int maxQueuedBytes;
    private final Metrics metrics;

    public EventStreams(Vertx vertx, Limits limits, Offload offload, Admission admission, Links links, LinkOpener opener,
                        Feeds feeds, SnapshotStore snapshotStore, PresenceService presence, String nodeId, Metrics metrics) {
        this.offload = offload;
        this.admission = admission;
        this.links = links;
        this.opener = opener;
        this.feeds = feeds;
        this.snapshotStore = snapshotStore;
        this.snapshots = new Snapshots(offload, snapshotStore);
        this.pollPresence = new PollPresence(vertx, offload, presence, nodeId);
        this.slots = new StreamSlots(limits.maxStreamsPerUser());
        this.maxQueuedBytes = limits.maxQueuedBytes();
        this.metrics = metrics;
        metrics.expectCloses(Transport.SSE, ConnectionOutcomes.STREAM_REASONS);
        metrics.expectCloses(Transport.POLL, ConnectionOutcomes.POLL_REASONS);
    }

    /** {@code GET /api/v1/events}: resumes after {@code Last-Event-ID} (or {@code ?cursor=}) when given. */
    public void stream(RoutingContext ctx) {
        String cursorText = first(ctx.request().getHeader("Last-Event-ID"), ctx.request().getParam("cursor"));
        admit(ctx, true, cursorText).onSuccess(admitted -> {
            SseStream stream = new SseStream(links.newId(), admitted.principal(), admitted.context(), ctx.request(), feeds,
                    snapshots, maxQueuedBytes, metrics);
            Future<StreamPosition.Start> opened = opener.open(stream, stream.feed(), true, plan(admitted));
            opened.onSuccess(start -> stream.started(start, links.connectedEvent(admitted.principal()))).onFailure(failure -> stream.failed(ctx, failure));
            whenDone(ctx, () -> opened.onComplete(ignored -> {
                stream.ended();
                opener.closed(stream, stream.feed(), true);
                slots.release(admitted.principal().userId());
            }));
        });
    }

    /** {@code GET /api/v1/events/poll?cursor=&timeout=}: without a cursor, a new stream starts live. */
    public void poll(RoutingContext ctx) {
        long timeoutMillis;
        try {
            timeoutMillis = pollTimeoutSeconds(ctx.request().getParam("timeout")) * 1000L;
        } catch (Problem problem) {
            Api.fail(ctx, problem);
            return;
        }
        admit(ctx, false, ctx.request().getParam("cursor")).onSuccess(admitted -> {
            LongPoll poll = new LongPoll(links.newId(), admitted.principal(), admitted.context(), ctx, feeds, snapshots,
                    timeoutMillis);
            pollPresence.pollStarted(admitted.principal());
            Future<StreamPosition.Start> opened = opener.open(poll, poll.feed(), false, plan(admitted));
            opened.onSuccess(poll::started).onFailure(poll::failed);
            whenDone(ctx, () -> opened.onComplete(ignored -> {
                poll.abandoned();
                opener.closed(poll, poll.feed(), false);
                pollPresence.pollEnded(admitted.principal());
                slots.release(admitted.principal().userId());
            }));
        });
    }

    /**
     * Runs {@code cleanup} once, when the response ends or its connection closes, whichever comes
     * first — at once if the client left while it was being admitted.
     */
    private static void whenDone(RoutingContext ctx, Runnable cleanup) {
        boolean[] done = {false};
        io.vertx.core.Handler<Void> once = ignored -> {
            if (done[0]) return;
            done[0] = true;
            cleanup.run();
        };
        // The routing context's end handlers, not the response's own: those are single and taken
        // by the router's per-request handlers (request ids, in-flight counts).
        ctx.addEndHandler(ended -> once.handle(null));
        if (ctx.response().closed()) once.handle(null);
    }

    private record Admitted(Principal principal, StreamCursor cursor, Context context) {}

    /**
     * Checks the Origin, then authenticates, reads the cursor and takes one of the user's stream
     * slots off the event loop; answers the error itself when refused.
     */
    private Future<Admitted> admit(RoutingContext ctx, boolean countsAsConnection, String cursorText) {
        if (!links.accepting()) {
            metrics.connectionError(Refusal.DRAINING);
            Api.fail(ctx, Problem.unavailable("Server restarting; reconnect.", 1));
            return Future.failedFuture("draining");
        }
        // The authority, not the Host header: a request upgraded to HTTP/2 (h2c) carries it as :authority.
        var authority = ctx.request().authority();
        if (!admission.allowsOrigin(ctx.request().getHeader("Origin"), authority == null ? null : authority.toString())) {
            metrics.connectionError(Refusal.ORIGIN);
            Api.fail(ctx, Problem.of(ErrorCode.FORBIDDEN, "Pages of this origin may not read the event streams."));
            return Future.failedFuture("origin");
        }
        String ip = admission.clientIp(ctx.request().remoteAddress(), ctx.request().getHeader("X-Forwarded-For"));
        Context context = ctx.vertx().getOrCreateContext();
        return offload.call(context, () -> {
            if (countsAsConnection) admission.checkConnectLimit(ip, decision -> RateLimitHeaders.set(ctx.response(), decision));
            Principal principal = admission.authenticate(ctx.request().getParam("ticket"), ctx.request().getHeader("Authorization"));
            StreamCursor cursor = cursorText == null || cursorText.isEmpty() ? null : StreamCursor.parse(cursorText);
            takeSlot(principal.userId());
            return new Admitted(principal, cursor, context);
        }).onFailure(failure -> {
            metrics.connectionError(ConnectionOutcomes.refusal(failure));
            Api.fail(ctx, failure);
        });
    }

    private void takeSlot(long userId) {
        if (slots.take(userId)) return;
        metrics.rateLimited(STREAM_SLOTS_LIMIT);
        throw Problem.rateLimited(SLOT_RETRY_SECONDS, "This user has " + slots.perUser()
                + " event streams and polls open on this server already; end one, or use the WebSocket.");
    }

    private Function<Map<Long, io.vestnik.store.ChatStore.Position>, StreamPosition.Start> plan(Admitted admitted) {
        long userId = admitted.principal().userId();
        return chats -> admitted.cursor() == null
                ? StreamPosition.fresh(userId, chats, snapshotStore, Instant.now())
                : StreamPosition.resumed(userId, admitted.cursor(), chats, snapshotStore);
    }

    static int pollTimeoutSeconds(String text) {
        if (text == null || text.isEmpty()) return DEFAULT_POLL_SECONDS;
        try {
            int seconds = Integer.parseInt(text);
            if (seconds >= 0 && seconds <= MAX_POLL_SECONDS) return seconds;
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw Problem.invalid("'timeout' must be whole seconds from 0 to " + MAX_POLL_SECONDS + ".");
    }

    private static String first(String a, String b) {
        return a != null && !a.isEmpty() ? a : b;
    }
}
