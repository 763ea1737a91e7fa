package io.vestnik.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/** JSON over HTTP to one server with one kind of bearer credential; every failure becomes a {@link VestnikException}. */
final class Http {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client;
    private final URI base;
    private final Supplier<String> bearer;

    Http(HttpClient client, URI base, Supplier<String> bearer) {
        this.client = client;
        this.base = base;
        this.bearer = bearer;
    }

    URI base() {
        return base;
    }

    /** The answer's JSON, or null for an empty answer (204). */
    JsonNode call(String method, String path, Object body) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(Json.write(body));
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + bearer.get())
                .header("Content-Type", "application/json")
                .method(method, publisher).build();
        HttpResponse<String> response = exchange(request);
        if (response.statusCode() / 100 != 2) throw refusal(response);
        return response.body().isEmpty() ? null : Json.read(response.body());
    }

    /** One field of the answer as a record. */
    <T> T call(String method, String path, Object body, String field, Class<T> type) {
        return Json.convert(call(method, path, body).path(field), type);
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw VestnikException.network(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VestnikException.network(e);
        }
    }

    private static VestnikException refusal(HttpResponse<String> response) {
        JsonNode error = response.body().startsWith("{") ? Json.read(response.body()) : Json.MAPPER.createObjectNode();
        JsonNode retryAfter = error.path("retry_after");
        return new VestnikException(response.statusCode(), error.path("error").asText("http_" + response.statusCode()),
                error.path("message").asText(response.body()), retryAfter.isNumber() ? retryAfter.asInt() : null);
    }
}
