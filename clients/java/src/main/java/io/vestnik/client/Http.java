package io.vestnik.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
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

    /** {@code value} as one path segment or query value. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    URI base() {
        return base;
    }

    /** The answer's JSON, or null for an empty answer (204). */
    JsonNode call(String method, String path, Object body) {
        return answer(exchange(json(method, path, body)));
    }

    /** One field of the answer as a record. */
    <T> T call(String method, String path, Object body, String field, Class<T> type) {
        return Json.convert(call(method, path, body).path(field), type);
    }

    /**
     * {@link #call} without blocking: the future completes on the HTTP client's thread with
     * {@code read} of the answer's JSON (null for 204), or fails with the {@link VestnikException}
     * itself (not wrapped).
     */
    <T> CompletableFuture<T> callAsync(String method, String path, Object body, Function<JsonNode, T> read) {
        return exchangeAsync(json(method, path, body), read);
    }

    /** POSTs {@code bytes} as the raw body, with {@code contentType} when not null (else the server looks at the bytes). */
    JsonNode upload(String path, String contentType, byte[] bytes) {
        return answer(exchange(rawPost(path, contentType, bytes)));
    }

    /** {@link #upload} without blocking, as {@link #callAsync}. */
    <T> CompletableFuture<T> uploadAsync(String path, String contentType, byte[] bytes, Function<JsonNode, T> read) {
        return exchangeAsync(rawPost(path, contentType, bytes), read);
    }

    private HttpRequest rawPost(String path, String contentType, byte[] bytes) {
        HttpRequest.Builder request = authorized(path).POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (contentType != null) request.header("Content-Type", contentType);
        return request.build();
    }

    private <T> CompletableFuture<T> exchangeAsync(HttpRequest request, Function<JsonNode, T> read) {
        CompletableFuture<T> answered = new CompletableFuture<>();
        client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            try {
                if (failure != null) throw VestnikException.network(failure instanceof CompletionException c ? c.getCause() : failure);
                answered.complete(read.apply(answer(response)));
            } catch (VestnikException e) {
                answered.completeExceptionally(e);
            }
        });
        return answered;
    }

    private HttpRequest json(String method, String path, Object body) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(Json.write(body));
        return authorized(path).header("Content-Type", "application/json").method(method, publisher).build();
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).header("Authorization", "Bearer " + bearer.get());
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

    private static JsonNode answer(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) throw refusal(response);
        return response.body().isEmpty() ? null : Json.read(response.body());
    }

    private static VestnikException refusal(HttpResponse<String> response) {
        JsonNode error = response.body().startsWith("{") ? Json.read(response.body()) : Json.MAPPER.createObjectNode();
        JsonNode retryAfter = error.path("retry_after");
        return new VestnikException(response.statusCode(), error.path("error").asText("http_" + response.statusCode()),
                error.path("message").asText(response.body()), retryAfter.isNumber() ? retryAfter.asInt() : null);
    }
}
