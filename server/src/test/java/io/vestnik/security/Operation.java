package io.vestnik.security;

/**
 * One row of the authorization matrix.
 *
 * @param route for HTTP the route as the node registers it ("GET /api/v1/chats/:id"); for the
 *     WebSocket "WS upgrade" or "WS &lt;frame type&gt;"
 * @param target the request path, or the frame's JSON, with {@code {placeholders}} the
 *     {@link MatrixFixture} fills in per cell
 * @param body a JSON body template, or null
 * @param spendsSession the call ends the caller's session, so each cell gets a session of its own
 */
record Operation(Transport transport, String route, String target, String body, boolean spendsSession, Expect expect) {
    enum Transport { HTTP, SSE, WS_UPGRADE, WS_FRAME }

    static Operation http(String route, String target, String body, Expect expect) {
        return new Operation(Transport.HTTP, route, target, body, false, expect);
    }

    static Operation http(String route, String target, Expect expect) {
        return http(route, target, null, expect);
    }

    static Operation frame(String type, String frame, Expect expect) {
        return new Operation(Transport.WS_FRAME, "WS " + type, frame, null, false, expect);
    }

    Operation spendingSession() {
        return new Operation(transport, route, target, body, true, expect);
    }

    String method() {
        return route.substring(0, route.indexOf(' '));
    }

    boolean isHttpRoute() {
        return transport == Transport.HTTP || transport == Transport.SSE;
    }
}
