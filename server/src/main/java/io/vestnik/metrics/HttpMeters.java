package io.vestnik.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** HTTP requests by method, route template and status, with their durations. */
final class HttpMeters {
    /** Fixed buckets (Prometheus' usual spread), not Micrometer's ~70: a series per bucket, route and status adds up. */
    private static final Duration[] BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private final MeterRegistry registry;

    HttpMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String method, String route, int status, long nanos) {
        Timer.builder("vestnik_http_requests").tag("method", method).tag("route", route).tag("status", Integer.toString(status))
                .description("HTTP requests by method, route template and status, from arrival to the end of the response")
                .serviceLevelObjectives(BUCKETS)
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }
}
