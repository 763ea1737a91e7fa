package io.vestnik.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A Server-Sent Events client as a browser's EventSource reads the stream: events by type, and the
 * last {@code id:} seen, which a reconnect sends back as {@code Last-Event-ID}.
 */
public final class SseClient implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final HttpResponse<InputStream> response;
    private final Inbox inbox = new Inbox();
    private final List<JsonNode> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile String lastEventId;

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        if (response.statusCode() == 200) Thread.ofVirtual().start(this::read);
        else ended.complete(null);
    }

    /** Opens {@code /api/v1/events} with a bearer token, resuming after {@code lastEventId} when not null. */
    public static SseClient open(String baseUrl, String token, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/events"))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token);
        if (lastEventId != null) request.header("Last-Event-ID", lastEventId);
        try {
            return new SseClient(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    public java.util.Optional<String> header(String name) {
        return response.headers().firstValue(name);
    }

    /** Removes and returns the data of the first event of the type, waiting for it to arrive. */
    public JsonNode next(String type) {
        return inbox.next(type, WsClient.WAIT);
    }

    public List<JsonNode> take(String type, int count) {
        return inbox.take(type, count, WsClient.WAIT);
    }

    public List<JsonNode> drain(String type) {
        return inbox.drain(type);
    }

    /** Every event's data received so far, in arrival order, taken or not. */
    public List<JsonNode> received() {
        return List.copyOf(received);
    }

    /** The id of the last event received, as EventSource's {@code lastEventId}. */
    public String lastEventId() {
        return lastEventId;
    }

    /** True once the server ended the stream. */
    public boolean awaitEnd(Duration wait) {
        try {
            ended.get(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String type = null;
            StringBuilder data = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) dispatch(id, type, data.toString());
                    id = null;
                    type = null;
                    data.setLength(0);
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    type = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line, 6, line.length());
                }
            }
        } catch (IOException closed) {
            // the stream ended or this client closed it
        } finally {
            ended.complete(null);
        }
    }

    private void dispatch(String id, String type, String data) throws IOException {
        JsonNode frame = HttpApi.JSON.readTree(data);
        if (!frame.path("type").asText().equals(type)) {
            throw new AssertionError("event type '" + type + "' does not match its data: " + data);
        }
        if (id != null) lastEventId = id;
        received.add(frame);
        inbox.add(frame);
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
