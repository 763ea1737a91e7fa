package io.vestnik.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A host's webhook endpoint for tests: a real HTTP server on 127.0.0.1 that records every POST it
 * gets and answers with the status it is set to ({@link #answer}), after a delay if set ({@link #delay}).
 */
public final class WebhookReceiver implements AutoCloseable {
    /** One request as it arrived; {@code status} is what it was answered. */
    public record Delivery(String eventId, String signature, String body, int status) {
        public boolean acknowledged() {
            return status / 100 == 2;
        }
    }

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicInteger overlaps = new AtomicInteger();
    private final AtomicInteger answering = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private volatile int status = 200;
    private volatile Duration delay = Duration.ZERO;

    private WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public static WebhookReceiver start() {
        try {
            return new WebhookReceiver();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    public void answer(int status) {
        this.status = status;
    }

    public void delay(Duration delay) {
        this.delay = delay;
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    public List<Delivery> acknowledged() {
        return deliveries.stream().filter(Delivery::acknowledged).toList();
    }

    /** How many requests arrived while another one with the same event id was still being answered. */
    public int overlaps() {
        return overlaps.get();
    }

    /** The most requests this receiver was answering at the same time. */
    public int mostAtOnce() {
        return mostAtOnce.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String eventId = exchange.getRequestHeaders().getFirst("Vestnik-Event-Id");
        if (!inFlight.add(eventId)) overlaps.incrementAndGet();
        mostAtOnce.accumulateAndGet(answering.incrementAndGet(), Math::max);
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            answering.decrementAndGet();
            inFlight.remove(eventId);
        }
        int answered = status;
        deliveries.add(new Delivery(eventId,
                exchange.getRequestHeaders().getFirst("Vestnik-Signature"), body, answered));
        exchange.sendResponseHeaders(answered, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
