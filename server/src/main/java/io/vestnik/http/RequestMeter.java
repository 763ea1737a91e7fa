package io.vestnik.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import io.vestnik.metrics.Metrics;
import java.util.Set;

/**
 * Times every HTTP request from its arrival at the router to the end of its response (an SSE
 * stream's whole life, a long poll's wait) and counts it by method, route template and status.
 */
final class RequestMeter implements Handler<RoutingContext> {
    /** The route of a request no endpoint took (404, 405, and those refused before reaching one). */
    static final String UNMATCHED = "unmatched";
    /** Methods counted by name; a client may send any token as a method, and a series each would grow without bound. */
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    static final String OTHER_METHOD = "other";

    private final Metrics metrics;

    RequestMeter(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.addEndHandler(ignored -> metrics.httpRequest(method(ctx), route(ctx),
                ctx.response().getStatusCode(), System.nanoTime() - start));
        ctx.next();
    }

    private static String method(RoutingContext ctx) {
        String method = ctx.request().method().name();
        return METHODS.contains(method) ? method : OTHER_METHOD;
    }

    /** The template ({@code /api/v1/chats/:chatId}) of the endpoint that answered; never the raw path, whose ids would make a series each. */
    static String route(RoutingContext ctx) {
        Route route = ctx.currentRoute();
        return route == null || route.methods() == null || route.getPath() == null ? UNMATCHED : route.getPath();
    }
}
