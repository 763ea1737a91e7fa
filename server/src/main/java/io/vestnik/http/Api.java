package io.vestnik.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vestnik.auth.Authenticator;
import io.vestnik.auth.Principal;
import io.vestnik.auth.ServiceKeys;
import io.vestnik.domain.Scope;
import io.vestnik.domain.ServiceKey;
import io.vestnik.metrics.Metrics;
import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Json;
import io.vestnik.protocol.Problem;
import io.vestnik.ratelimit.Decision;
import io.vestnik.ratelimit.Limit;
import io.vestnik.ratelimit.RateLimiter;
import io.vestnik.transport.ClientAddress;
import io.vestnik.transport.Failures;
import io.vestnik.transport.Offload;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a blocking handler into a route: authenticates, runs it on a virtual thread, writes its
 * result as JSON with the given status, and maps every failure to the contract's error shape.
 * No client mistake produces a 5xx.
 */
public final class Api {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Api.class);
    /** How long a refused body is read and discarded before its connection is closed. */
    private static final long REFUSAL_LINGER_MILLIS = 1000;

    /** A route's work. Runs off the event loop; may block. Returns the response body, or null for none. */
    @FunctionalInterface
    public interface Call {
        Object handle(Request request) throws Exception;
    }

    private final Offload offload;
    private final Authenticator authenticator;
    private final RateLimiter limiter;
    private final Metrics metrics;
    private final ClientAddress clientAddress;
    private final ServiceKeys serviceKeys;

    public Api(Offload offload, Authenticator authenticator, ServiceKeys serviceKeys, RateLimiter limiter, Metrics metrics,
               ClientAddress clientAddress) {
        this.offload = offload;
        this.authenticator = authenticator;
        this.serviceKeys = serviceKeys;
        this.limiter = limiter;
        this.metrics = metrics;
        this.clientAddress = clientAddress;
    }

    /** A route for signed-in callers. */
    public Handler<RoutingContext> authed(int status, Call call) {
        return ctx -> run(ctx, status, () -> call.handle(new Request(ctx, authenticate(ctx), ip(ctx))));
    }

    /** A route for signed-in callers, counted per user against {@code limit} once authenticated. */
    public Handler<RoutingContext> authed(Limit limit, int status, Call call) {
        return ctx -> run(ctx, status, () -> call.handle(new Request(ctx, admitUser(ctx, limit), ip(ctx))));
    }

    /** The caller, authenticated and counted against {@code limit} off the event loop: for a route that reads its body itself, after this. */
    Future<Principal> caller(RoutingContext ctx, Limit limit) {
        return offload.call(ctx.vertx().getOrCreateContext(), () -> admitUser(ctx, limit));
    }

    private Principal admitUser(RoutingContext ctx, Limit limit) {
        Principal principal = authenticate(ctx);
        admit(ctx, limit, Long.toString(principal.userId()));
        return principal;
    }

    /**
     * A server-API route: only a service key holding {@code scope} (a user's token gets 401, a key
     * without the scope 403), counted per key against {@link Limit#SERVER}.
     */
    public Handler<RoutingContext> server(Scope scope, int status, Call call) {
        return ctx -> run(ctx, status, () -> {
            admitKey(ctx, scope);
            return call.handle(new Request(ctx, null, ip(ctx)));
        });
    }

    /**
     * A server-API caller holding {@code scope}, acting as the user {@code actingAs} resolves from
     * the request (off the event loop: it may read storage), for a route that reads its body itself, after this.
     */
    Future<Principal> serverCaller(RoutingContext ctx, Scope scope, Function<Request, Long> actingAs) {
        return offload.call(ctx.vertx().getOrCreateContext(), () -> {
            admitKey(ctx, scope);
            return new Principal(actingAs.apply(new Request(ctx, null, ip(ctx))), Principal.NO_SESSION);
        });
    }

    private void admitKey(RoutingContext ctx, Scope scope) {
        ServiceKey key = serviceKeys.authenticate(Authenticator.bearerToken(ctx.request().getHeader("Authorization")));
        admit(ctx, Limit.SERVER, "key:" + key.id());
        if (!key.allows(scope)) {
            throw Problem.of(ErrorCode.FORBIDDEN, "This key lacks the '" + scope.wire() + "' scope this route needs.");
        }
    }

    /** A public route, counted per client address against {@code limit}. */
    public Handler<RoutingContext> limited(Limit limit, int status, Call call) {
        return limited(limit, Request::ip, status, call);
    }

    /**
     * A public route, counted against {@code limit} under the key {@code keyOf} reads from the
     * request (off the event loop: it may read storage), such as the user a refresh token names.
     */
    public Handler<RoutingContext> limited(Limit limit, Function<Request, String> keyOf, int status, Call call) {
        return ctx -> {
            String ip = ip(ctx);
            run(ctx, status, () -> {
                Request request = new Request(ctx, null, ip);
                admit(ctx, limit, keyOf.apply(request));
                return call.handle(request);
            });
        };
    }

    private Principal authenticate(RoutingContext ctx) {
        return authenticator.authenticate(Authenticator.bearerToken(ctx.request().getHeader("Authorization")));
    }

    /**
     * Counts the request (off the event loop: it may ask Redis). Every answer of a limited route
     * carries the {@code X-RateLimit-*} headers, the 429 included.
     */
    private void admit(RoutingContext ctx, Limit limit, String key) {
        Decision decision = limiter.acquire(limit, key);
        RateLimitHeaders.set(ctx.response(), decision);
        if (!decision.allowed()) {
            metrics.rateLimited(limit.name());
            throw Problem.rateLimited(decision.retryAfterSeconds());
        }
    }

    /** A public route. */
    public Handler<RoutingContext> open(int status, Call call) {
        return ctx -> run(ctx, status, () -> call.handle(new Request(ctx, null, ip(ctx))));
    }

    ClientAddress clientAddress() {
        return clientAddress;
    }

    /** The client's address, seen through trusted proxies. */
    public String ip(RoutingContext ctx) {
        var peer = ctx.request().remoteAddress();
        return clientAddress.of(peer == null ? null : peer.hostAddress(), ctx.request().getHeader("X-Forwarded-For"));
    }

    private void run(RoutingContext ctx, int status, java.util.concurrent.Callable<Object> work) {
        offload.call(ctx.vertx().getOrCreateContext(), work).onComplete(result -> {
            if (result.succeeded()) reply(ctx, status, result.result());
            else fail(ctx, result.cause());
        });
    }

    /** Writes a body as JSON; a {@link Reply} chooses its own status. */
    static void reply(RoutingContext ctx, int status, Object body) {
        reply(ctx.response(), status, body);
    }

    private static Future<Void> reply(HttpServerResponse response, int status, Object body) {
        if (body instanceof Reply reply) {
            status = reply.status();
            body = reply.body();
        }
        response.setStatusCode(status);
        if (body == null) return response.end();
        return response.putHeader("Content-Type", "application/json; charset=utf-8").end(Buffer.buffer(Json.writeBytes(body)));
    }

    /**
     * Answers with the contract's error shape for the failure (a {@link Problem}, or a 500 / 503).
     * A client that went away mid-request is no fault of the server's and has no one to answer.
     */
    public static void fail(RoutingContext ctx, Throwable failure) {
        if (clientGone(failure)) {
            log.debug("{} {}: the client's connection went away first: {}", ctx.request().method(), ctx.request().path(),
                    failure.toString());
            return;
        }
        error(ctx, Failures.problemOf(failure, "request failed"));
    }

    /**
     * True when {@code failure} is the client's connection going away (closed, reset) rather than
     * the server's fault. An {@link IOException} can only be the connection's: route handlers never
     * read sockets, and their own I/O (files, storage) fails with unchecked exceptions.
     */
    static boolean clientGone(Throwable failure) {
        return failure instanceof HttpClosedException || failure instanceof IOException;
    }

    /**
     * Refuses a request whose body is not read, and closes its connection: draining a body the
     * server refused would cost what refusing it saved. What arrives during a short linger is
     * discarded, so that closing with unread bytes does not reset the connection before the
     * client has read the answer.
     */
    static void refuseUnread(RoutingContext ctx, Problem problem) {
        HttpServerRequest request = ctx.request();
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        error(ctx, problem);
        Runnable close = () -> request.connection().close();
        if (request.isEnded()) {
            close.run();
            return;
        }
        long linger = ctx.vertx().setTimer(REFUSAL_LINGER_MILLIS, id -> close.run());
        request.handler(discarded -> { }).endHandler(ended -> {
            ctx.vertx().cancelTimer(linger);
            close.run();
        }).resume();
    }

    static void error(RoutingContext ctx, Problem problem) {
        error(ctx.response(), problem);
    }

    /** Answers the problem unless an answer has begun; completes once it is written. */
    static Future<Void> error(HttpServerResponse response, Problem problem) {
        if (response.headWritten()) return Future.succeededFuture();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", problem.code().wire());
        body.put("message", problem.getMessage());
        String requestId = response.headers().get(RequestIds.HEADER);
        if (requestId != null) body.put("request_id", requestId);
        if (problem.retryAfterSeconds() != null) {
            body.put("retry_after", problem.retryAfterSeconds());
            response.putHeader("Retry-After", Long.toString(problem.retryAfterSeconds()));
        }
        if (problem.until() != null) body.put("until", problem.until());
        return reply(response, problem.code().status(), body);
    }

    /** A body with a status decided by the handler (200 for an existing chat, 201 for a new one). */
    public record Reply(int status, Object body) {}
}
