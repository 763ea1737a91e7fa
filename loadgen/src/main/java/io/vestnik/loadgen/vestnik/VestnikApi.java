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

/** The two REST calls a run needs before its sockets open (CONTRACT.md: users, chats). */
final class VestnikApi {
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();

    VestnikApi(URI base) {
        this.base = base;
    }

    /** The Vestnik id of the host token's user, provisioning the user on first sight. */
    long me(String token) throws IOException, InterruptedException {
        HttpRequest request = authorized("/api/v1/users/me", token).GET().build();
        return expect(http.send(request, HttpResponse.BodyHandlers.ofString()), "provision a user").path("id").asLong();
    }

    /** Creates a group chat owned by the token's user with {@code others}; returns its id. */
    long group(String ownerToken, String title, List<Long> others) throws IOException, InterruptedException {
        Map<String, Object> body = Map.of("kind", "group", "title", title, "member_ids", others);
        HttpRequest request = authorized("/api/v1/chats", ownerToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build();
        return expect(http.send(request, HttpResponse.BodyHandlers.ofString()), "create " + title)
                .path("chat").path("id").asLong();
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
