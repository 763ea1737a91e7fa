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

/** The few REST calls a run needs before its sockets open (CONTRACT.md: accounts, chats, tickets). */
final class VestnikApi {
    // Same password for every benchmark user, so a second run can log in where the first registered.
    private static final String PASSWORD = "loadgen-password";

    record Account(long userId, String accessToken) {}

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();

    VestnikApi(URI base) {
        this.base = base;
    }

    /** Registers {@code username}, or logs in when it exists from an earlier run. */
    Account account(String username) throws IOException, InterruptedException {
        Map<String, String> credentials = Map.of("username", username, "password", PASSWORD);
        HttpResponse<String> response = post("/api/v1/auth/register", null, credentials);
        if (response.statusCode() == 409) response = post("/api/v1/auth/login", null, credentials);
        JsonNode body = expect(response, "sign in " + username);
        return new Account(body.path("user").path("id").asLong(), body.path("access_token").asText());
    }

    /** Creates a group chat owned by {@code owner} with {@code others}; returns its id. */
    long group(Account owner, String title, List<Long> others) throws IOException, InterruptedException {
        Map<String, Object> request = Map.of("kind", "group", "title", title, "member_ids", others);
        return expect(post("/api/v1/chats", owner, request), "create " + title).path("chat").path("id").asLong();
    }

    /** A short-lived WebSocket ticket; fetched right before connecting, as a client would. */
    String ticket(Account account) throws IOException, InterruptedException {
        return expect(post("/api/v1/ws-ticket", account, Map.of()), "get a ticket").path("ticket").asText();
    }

    private HttpResponse<String> post(String path, Account account, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        if (account != null) request.header("Authorization", "Bearer " + account.accessToken());
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode expect(HttpResponse<String> response, String what) throws IOException {
        if (response.statusCode() / 100 != 2) {
            throw new IOException("Could not " + what + ": HTTP " + response.statusCode() + " " + response.body()
                    + (response.statusCode() == 429 ? " (start Vestnik with VESTNIK_RATE_LIMITS=off)" : ""));
        }
        return json.readTree(response.body());
    }
}
