package io.vestnik.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.ApiDescription;
import io.vestnik.testing.WsClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Performs one cell of the matrix against the node and says what came back, in {@link Expect}'s
 * terms; every HTTP answer (each route, for each kind of caller) is also checked against the
 * OpenAPI document.
 */
final class Probe {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Follows a frame under test: its error (with this client_id) marks that the frame before it was handled. */
    private static final String SENTINEL = "{\"type\":\"send\",\"chat_id\":0,\"client_id\":\"sentinel\",\"body\":\"x\"}";

    private final MatrixFixture fixture;

    Probe(MatrixFixture fixture) {
        this.fixture = fixture;
    }

    String run(Operation operation, Caller caller) throws Exception {
        String token = fixture.token(caller, operation.spendsSession());
        String target = fixture.fill(operation.target());
        return switch (operation.transport()) {
            case HTTP -> Integer.toString(http(operation.method(), target, fixture.fill(operation.body()), token));
            case SSE -> Integer.toString(streamStatus(target, token));
            case WS_UPGRADE -> upgrade(token);
            case WS_FRAME -> frame(target, token);
        };
    }

    private int http(String method, String target, String body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(target, token);
        // JSON bodies say so; a file (an upload's body) goes without a type, and its bytes decide.
        if (body != null && (body.startsWith("{") || body.startsWith("["))) request.header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        ApiDescription.get().check(new ApiDescription.Exchange(method, target, body, response.statusCode(), response.headers(),
                response.body()));
        return response.statusCode();
    }

    /** An event stream never ends by itself: read the status, then hang up. */
    private int streamStatus(String target, String token) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = CLIENT.send(request(target, token).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        response.body().close();
        return response.statusCode();
    }

    private HttpRequest.Builder request(String target, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(fixture.node.baseUrl() + target)).timeout(Duration.ofSeconds(10));
        if (token != null) builder.header("Authorization", "Bearer " + token);
        return builder;
    }

    private String upgrade(String token) {
        try (WsClient ws = connect(token)) {
            ws.next("connected");
            return "101";
        } catch (IllegalStateException refused) {
            if (refused.getCause() instanceof WebSocketHandshakeException handshake) {
                return Integer.toString(handshake.getResponse().statusCode());
            }
            throw refused;
        }
    }

    /** Sends the frame, then the sentinel; what arrived before the sentinel's error is the frame's outcome. */
    private String frame(String frame, String token) {
        String upgraded = upgrade(token);
        if (!upgraded.equals("101")) return upgraded;
        try (WsClient ws = connect(token)) {
            ws.next("connected");
            ws.send(frame);
            ws.send(SENTINEL);
            String error = null;
            for (JsonNode e = ws.next("error"); !e.path("client_id").asText().equals("sentinel"); e = ws.next("error")) {
                error = "error:" + e.path("error").asText();
            }
            if (error != null) return error;
            if (!ws.drain("ack").isEmpty()) return "ack";
            if (!ws.drain("resumed").isEmpty()) return "resumed";
            return "ok";
        }
    }

    private WsClient connect(String token) {
        Map<String, String> headers = new HashMap<>();
        if (token != null) headers.put("Authorization", "Bearer " + token);
        return WsClient.open(fixture.node.wsUrl(), headers);
    }
}
