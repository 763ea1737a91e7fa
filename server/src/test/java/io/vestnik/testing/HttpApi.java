package io.vestnik.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain HTTP client for the contract: JSON in, JSON out, nothing of the server's own code. Every
 * exchange is checked against the OpenAPI document ({@link ApiDescription}): an answer, or an
 * accepted request, that the document does not describe fails the test that made it.
 */
public final class HttpApi {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final String baseUrl;
    private final HttpClient client;

    /** The API at {@code baseUrl}, e.g. of a node a test started by other means than {@link Endpoint}. */
    public HttpApi(String baseUrl) {
        this(baseUrl, CLIENT);
    }

    private HttpApi(String baseUrl, HttpClient client) {
        this.baseUrl = baseUrl;
        this.client = client;
        ApiDescription.get(); // read once per JVM here, so that the first request's answer is not delayed by it
    }

    /**
     * The same API called from another loopback address (127.0.0.0/8), so tests with rate limits
     * on can sign users up without spending one address's sign-in budget.
     */
    public HttpApi from(String loopbackAddress) {
        try {
            return new HttpApi(baseUrl, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                    .localAddress(java.net.InetAddress.getByName(loopbackAddress)).build());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(loopbackAddress, e);
        }
    }

    public record Response(int status, JsonNode json, HttpHeaders headers, String text) {
        public String error() {
            return json == null ? null : json.path("error").asText(null);
        }

        /** A header's value as a number; fails the test when the header is missing. */
        public long header(String name) {
            return Long.parseLong(headers.firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " header")));
        }
    }

    /** A signed-up user with a live session. */
    public record User(long id, String username, String token, long sessionId, String refreshToken) {}

    public Response request(String method, String path, String token, Object body) {
        return request(method, path, token, body, Map.of());
    }

    public Response request(String method, String path, String token, Object body, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10));
        if (token != null) builder.header("Authorization", "Bearer " + token);
        headers.forEach(builder::header);
        String json = switch (body) {
            case null -> null;
            case String raw -> raw;
            case byte[] bytes -> null;
            default -> write(body);
        };
        HttpRequest.BodyPublisher publisher = body instanceof byte[] bytes ? HttpRequest.BodyPublishers.ofByteArray(bytes)
                : json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json);
        try {
            HttpResponse<String> response = client.send(builder.method(method, publisher).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (!fromTheProxy(response.statusCode())) {
                ApiDescription.get().check(new ApiDescription.Exchange(method, path, json, response.statusCode(),
                        response.headers(), response.body()));
            }
            return new Response(response.statusCode(), parse(response.body()), response.headers(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A load balancer in front (tests behind nginx) answers 502 or 504 itself while a node restarts;
     * Vestnik never does, so such an answer is not the server's to hold to its document.
     */
    private static boolean fromTheProxy(int status) {
        return status == 502 || status == 504;
    }

    public Response get(String path, String token) {
        return request("GET", path, token, null);
    }

    public Response post(String path, String token, Object body) {
        return request("POST", path, token, body);
    }

    public Response patch(String path, String token, Object body) {
        return request("PATCH", path, token, body);
    }

    public Response delete(String path, String token) {
        return request("DELETE", path, token, null);
    }

    public User register(String prefix) {
        String username = prefix + NAMES.incrementAndGet();
        Response r = post("/api/v1/auth/register", null, Map.of("username", username, "password", "correct horse 1"));
        if (r.status() != 201) throw new IllegalStateException("register failed: " + r.text());
        return user(r.json());
    }

    public User login(String username) {
        Response r = post("/api/v1/auth/login", null, Map.of("username", username, "password", "correct horse 1"));
        if (r.status() != 200) throw new IllegalStateException("login failed: " + r.text());
        return user(r.json());
    }

    public long directChat(User a, User b) {
        Response r = post("/api/v1/chats", a.token(), Map.of("kind", "direct", "member_ids", new long[] {b.id()}));
        if (r.status() / 100 != 2) throw new IllegalStateException("chat failed: " + r.text());
        return r.json().path("chat").path("id").asLong();
    }

    public JsonNode send(User sender, long chatId, String clientId, String body) {
        Response r = post("/api/v1/chats/" + chatId + "/messages", sender.token(), Map.of("client_id", clientId, "body", body));
        if (r.status() / 100 != 2) throw new IllegalStateException("send failed: " + r.text());
        return r.json().path("message");
    }

    public String ticket(User user) {
        return post("/api/v1/ws-ticket", user.token(), null).json().path("ticket").asText();
    }

    private static User user(JsonNode json) {
        return new User(json.path("user").path("id").asLong(), json.path("user").path("username").asText(),
                json.path("access_token").asText(), json.path("session_id").asLong(), json.path("refresh_token").asText());
    }

    static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JSON of a body, or null when it is empty or not JSON. */
    public static JsonNode parse(String text) {
        if (text == null || text.isEmpty()) return null;
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }
}
