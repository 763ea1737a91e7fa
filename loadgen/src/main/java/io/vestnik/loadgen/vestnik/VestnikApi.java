package io.vestnik.loadgen.vestnik;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The two REST calls a run needs before its sockets open (CONTRACT.md: users, chats).
 *
 * <p>A 503 is retried after the {@code retry_after} seconds the server names, a few times: on a busy
 * machine a node's connection pool can time out while thousands of users are provisioned, and the
 * server's answer says to try again shortly.
 */
final class VestnikApi {
    private static final int ATTEMPTS = 5;

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();

    VestnikApi(URI base) {
        this.base = base;
    }

    /** The Vestnik id of the host token's user, provisioning the user on first sight. */
    long me(String token) throws IOException, InterruptedException {
        HttpRequest request = authorized("/api/v1/users/me", token).GET().build();
        return expect(send(request), "provision a user").path("id").asLong();
    }

    /** Creates a group chat owned by the token's user with {@code others}; returns its id. */
    long group(String ownerToken, String title, List<Long> others) throws IOException, InterruptedException {
        Map<String, Object> body = Map.of("kind", "group", "title", title, "member_ids", others);
        HttpRequest request = authorized("/api/v1/chats", ownerToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build();
        return expect(send(request), "create " + title)
                .path("chat").path("id").asLong();
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        for (int attempt = 1; attempt < ATTEMPTS && response.statusCode() == 503; attempt++) {
            Thread.sleep(Duration.ofSeconds(Math.max(1, json.readTree(response.body()).path("retry_after").asLong(1))));
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        return response;
    }

    private HttpRequest.Builder authorized(String path, String token) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
    }

    private JsonNode expect(HttpResponse<String> response, String what) throws IOException {
        if (response.statusCode() / 100 != 2) {
            throw new IOException("Could not " + what + ": HTTP " + response.statusCode() + " " + response.body()
                    + (response.statusCode() == 401 ? " (is VESTNIK_HOST_JWT_SECRET the same as --host-jwt-secret?)" : "")
                    + (response.statusCode() == 429 ? " (start Vestnik with VESTNIK_RATE_LIMITS=off)" : ""));
        }
        return json.readTree(response.body());
    }
}
