package io.vestnik.gateway;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vestnik.auth.Principal;
import io.vestnik.http.Api;
import io.vestnik.protocol.Problem;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

/**
 * The fallback transports, for clients that cannot keep a WebSocket: {@code GET /api/v1/events}
 * (Server-Sent Events) and {@code GET /api/v1/events/poll} (long poll). Both carry the same
 * events as the WebSocket with the same promise for messages — every one, once, in seq order —
 * and resume from a cursor on any node, so no sticky sessions are needed. Both authenticate like
 * the WebSocket: {@code ?ticket=} or a bearer token.
 */
public final class EventStreams {
    /** Longest a poll may wait; below the usual 60 s proxy read timeout. */
    static final int MAX_POLL_SECONDS = 55;
    static final int DEFAULT_POLL_SECONDS = 25;

    private final Gateway gateway;
    private final PollPresence pollPresence;

    EventStreams(Gateway gateway, PollPresence pollPresence) {
        this.gateway = gateway;
        this.pollPresence = pollPresence;
    }

    /** {@code GET /api/v1/events}: resumes after {@code Last-Event-ID} (or {@code ?cursor=}) when given. */
    public void stream(RoutingContext ctx) {
        String cursorText = first(ctx.request().getHeader("Last-Event-ID"), ctx.request().getParam("cursor"));
        admit(ctx, true, cursorText).onSuccess(admitted -> {
            SseStream stream = new SseStream(gateway.newLinkId(), admitted.principal(), admitted.context(), ctx.response(), gateway);
            Future<StreamPosition.Start> opened = gateway.open(stream, stream.feed(), true, plan(admitted));
            opened.onSuccess(stream::started).onFailure(failure -> stream.failed(ctx, failure));
            whenDone(ctx, () -> opened.onComplete(ignored -> {
                stream.ended();
                gateway.closed(stream, stream.feed(), true);
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
            LongPoll poll = new LongPoll(gateway.newLinkId(), admitted.principal(), admitted.context(), ctx, gateway, timeoutMillis);
            pollPresence.pollStarted(admitted.principal());
            Future<StreamPosition.Start> opened = gateway.open(poll, poll.feed(), false, plan(admitted));
            opened.onSuccess(poll::started).onFailure(failure -> Api.fail(ctx, failure));
            whenDone(ctx, () -> opened.onComplete(ignored -> {
                poll.abandoned();
                gateway.closed(poll, poll.feed(), false);
                pollPresence.pollEnded(admitted.principal());
            }));
        });
    }

    /** Runs {@code cleanup} once, when the response ends or its connection closes, whichever comes first. */
    private static void whenDone(RoutingContext ctx, Runnable cleanup) {
        boolean[] done = {false};
        io.vertx.core.Handler<Void> once = ignored -> {
            if (done[0]) return;
            done[0] = true;
            cleanup.run();
        };
        ctx.response().closeHandler(once);
        ctx.response().endHandler(once);
    }

    private record Admitted(Principal principal, StreamCursor cursor, Context context) {}

    /** Authenticates and reads the cursor off the event loop; answers the error itself when refused. */
    private Future<Admitted> admit(RoutingContext ctx, boolean countsAsConnection, String cursorText) {
        if (!gateway.accepting()) {
            Api.fail(ctx, Problem.unavailable("Server restarting; reconnect.", 1));
            return Future.failedFuture("draining");
        }
        String ip = gateway.clientIp(ctx.request().remoteAddress(), ctx.request().getHeader("X-Forwarded-For"));
        Context context = ctx.vertx().getOrCreateContext();
        return gateway.offload(context, () -> {
            if (countsAsConnection) gateway.checkConnectLimit(ip);
            Principal principal = gateway.authenticate(ctx.request().getParam("ticket"), ctx.request().getHeader("Authorization"));
            return new Admitted(principal, cursorText == null || cursorText.isEmpty() ? null : StreamCursor.parse(cursorText), context);
        }).onFailure(failure -> Api.fail(ctx, failure));
    }

    private Function<Map<Long, io.vestnik.store.ChatStore.Position>, StreamPosition.Start> plan(Admitted admitted) {
        long userId = admitted.principal().userId();
        return chats -> admitted.cursor() == null
                ? StreamPosition.fresh(userId, chats, gateway.snapshots(), Instant.now())
                : StreamPosition.resumed(userId, admitted.cursor(), chats, gateway.snapshots());
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
