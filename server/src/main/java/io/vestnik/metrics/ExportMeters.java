package io.vestnik.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Event export to a message broker (decision 0034): lag as the exporter last measured it (the
 * backlog is shared by every node, so each reports the same), and per engine (three at most) the
 * events the broker confirmed and the publishes that failed.
 */
public final class ExportMeters {
    private final MeterRegistry registry;
    private final AtomicLong lagEvents = new AtomicLong();
    private final AtomicLong lagMillis = new AtomicLong();
    private final Map<String, Counter> exported = new ConcurrentHashMap<>();
    private final Map<String, Counter> failures = new ConcurrentHashMap<>();

    ExportMeters(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("vestnik_export_lag_events", lagEvents, AtomicLong::get)
                .description("Events committed but not yet confirmed by the export broker, as last counted").register(registry);
        Gauge.builder("vestnik_export_lag_seconds", lagMillis, millis -> millis.get() / 1000.0)
                .description("Age of the oldest event not yet confirmed by the export broker (0 when none)").register(registry);
    }

    /** Events waiting and how old the oldest is, as just counted. */
    public void lag(long events, Duration oldest) {
        lagEvents.set(events);
        lagMillis.set(oldest.toMillis());
    }

    /** {@code events} were confirmed by the broker of {@code engine}. */
    public void exported(String engine, int events) {
        if (events > 0) counter(exported, "vestnik_export_events", "Events the export broker confirmed", engine).increment(events);
    }

    /** A publish (or a round of the exporter) to {@code engine} failed; the events are published again. */
    public void failed(String engine) {
        counter(failures, "vestnik_export_failures", "Publishes to the export broker that failed or were not confirmed in time", engine).increment();
    }

    private Counter counter(Map<String, Counter> counters, String name, String description, String engine) {
        return counters.computeIfAbsent(engine, e -> Counter.builder(name).tag("engine", e).description(description).register(registry));
    }
}
