package io.vestnik.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import io.vestnik.metrics.Metrics;

/**
 * Times every HTTP request from its arrival at the router to the end of its response (an SSE
 * stream's whole life, a long poll's wait) and counts it by method, route template and status.
 */
final class RequestMeter implements Handler<RoutingContext> {
    /** The route of a request no endpoint took (404, 405, and those refused before reaching one). */
    static final String UNMATCHED = "unmatched";

    private final Metrics metrics;

    RequestMeter(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.addEndHandler(ignored -> metrics.httpRequest(ctx.request().method().name(), route(ctx),
                ctx.response().getStatusCode(), System.nanoTime() - start));
        ctx.next();
    }

    /** The template ({@code /api/v1/chats/:chatId}) of the endpoint that answered; never the raw path, whose ids would make a series each. */
    static String route(RoutingContext ctx) {
        Route route = ctx.currentRoute();
        return route == null || route.methods() == null || route.getPath() == null ? UNMATCHED : route.getPath();
    }
}
