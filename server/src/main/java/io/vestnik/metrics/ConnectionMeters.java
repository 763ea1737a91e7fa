package io.vestnik.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Live connections per transport: how many are open, how they ended, and why some never opened. */
final class ConnectionMeters {
    private final MeterRegistry registry;
    private final Map<Transport, AtomicInteger> active = new EnumMap<>(Transport.class);
    private final Map<Transport, Map<String, Counter>> closes = new EnumMap<>(Transport.class);
    private final Map<Refusal, Counter> refusals = new EnumMap<>(Refusal.class);

    ConnectionMeters(MeterRegistry registry) {
        this.registry = registry;
        for (Transport transport : Transport.values()) {
            AtomicInteger open = new AtomicInteger();
            active.put(transport, open);
            Gauge.builder("vestnik_connections_active", open, AtomicInteger::get).tag("transport", transport.tag())
                    .description("Open client connections on this node: WebSockets, SSE streams, waiting long polls").register(registry);
            closes.put(transport, new ConcurrentHashMap<>());
        }
        for (Refusal refusal : Refusal.values()) {
            refusals.put(refusal, Counter.builder("vestnik_connection_errors").tag("cause", refusal.tag())
                    .description("Live connections refused or failed before opening, by cause").register(registry));
        }
    }

    void opened(Transport transport) {
        active.get(transport).incrementAndGet();
    }

    /** {@code code}: the WebSocket close code, or for SSE and polls a short reason; the caller keeps the set of values small. */
    void closed(Transport transport, String code) {
        active.get(transport).decrementAndGet();
        closeCounter(transport, code).increment();
    }

    /** Registers the close codes a transport is expected to see, so their series exist at 0 before the first. */
    void expectCloses(Transport transport, Collection<String> codes) {
        codes.forEach(code -> closeCounter(transport, code));
    }

    void refused(Refusal refusal) {
        refusals.get(refusal).increment();
    }

    int active() {
        return active.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private Counter closeCounter(Transport transport, String code) {
        return closes.get(transport).computeIfAbsent(code, c -> Counter.builder("vestnik_connections_closed")
                .tag("transport", transport.tag()).tag("code", c)
                .description("Live connections that ended, by transport and close code (WebSocket) or reason (SSE, poll)")
                .register(registry));
    }
}
