package io.vestnik.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;

/** The node and the small helpers the feature contracts share. */
abstract class FeaturesBase {
    static TestNode node;
    static HttpApi http;
    private static final HttpClient RAW = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static void startNode(TestNode.Storage storage) {
        node = TestNode.start(storage);
        http = node.http();
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    static long group(User owner, String title, User... members) {
        List<Long> ids = java.util.Arrays.stream(members).map(User::id).toList();
        HttpApi.Response r = http.post("/api/v1/chats", owner.token(), Map.of("kind", "group", "title", title, "member_ids", ids));
        if (r.status() != 201) throw new IllegalStateException("group failed: " + r.text());
        return r.json().path("chat").path("id").asLong();
    }

    static HttpApi.Response sendRaw(User sender, long chat, Map<String, Object> body) {
        return http.post("/api/v1/chats/" + chat + "/messages", sender.token(), body);
    }

    static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    static List<JsonNode> history(User reader, long chat, String query) {
        return list(http.get("/api/v1/chats/" + chat + "/messages" + query, reader.token()).json().path("messages"));
    }

    /** A request with a raw body and headers the JSON client does not send; answers with the bytes. */
    static HttpResponse<byte[]> raw(String method, String path, String token, String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).timeout(Duration.ofSeconds(10));
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (contentType != null) b.header("Content-Type", contentType);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            return RAW.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<byte[]> response) {
        try {
            return HttpApi.JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + new String(response.body()), e);
        }
    }
}
