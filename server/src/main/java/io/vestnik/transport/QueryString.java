package io.vestnik.transport;

import io.netty.handler.codec.http.QueryStringDecoder;
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

    /** The refusal of a query string that does not decode. */
    public static Problem malformed() {
        return Problem.invalid(MALFORMED);
    }

    /** The first value of {@code name} in a raw query string (without the path), or null. */
    public static String first(String query, String name) {
        if (query == null) return null;
        try {
            List<String> values = new QueryStringDecoder(query, StandardCharsets.UTF_8, false).parameters().get(name);
            return values == null ? null : values.getFirst();
        } catch (IllegalArgumentException malformed) {
            throw malformed();
        }
    }
}
