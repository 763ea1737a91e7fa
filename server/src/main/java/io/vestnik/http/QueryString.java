package io.vestnik.http;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.ext.web.RoutingContext;
import io.vestnik.protocol.Problem;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Query strings are decoded one way, Netty's {@link QueryStringDecoder} (which Vert.x's request
 * parameters use too), for the routes and the WebSocket handshake alike. A broken {@code %}
 * escape is the client's mistake: 400 {@code invalid_request}.
 */
public final class QueryString {
    private static final String MALFORMED = "The query string is malformed: a '%' must start an escape such as %20.";

    private QueryString() {}

    /**
     * The router's first step: decodes the query before any route reads it, so a malformed one is
     * answered here and no route can forget to. It runs before any body handler, so a body is never
     * read for a request that is refused anyway.
     */
    static void check(RoutingContext ctx) {
        try {
            ctx.request().params();
        } catch (IllegalArgumentException malformed) {
            Api.fail(ctx, Problem.invalid(MALFORMED));
            return;
        }
        ctx.next();
    }

    /** The first value of {@code name} in a raw query string (without the path), or null. */
    public static String first(String query, String name) {
        if (query == null) return null;
        try {
            List<String> values = new QueryStringDecoder(query, StandardCharsets.UTF_8, false).parameters().get(name);
            return values == null ? null : values.getFirst();
        } catch (IllegalArgumentException malformed) {
            throw Problem.invalid(MALFORMED);
        }
    }
}
