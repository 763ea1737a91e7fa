package io.vestnik.broker;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs a recurring failure at most once per interval, with how many were not logged, so an outage
 * that fails every publish writes a line every few seconds instead of thousands. Thread-safe.
 */
public final class ThrottledLog {
    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Logger log;
    private final AtomicLong nextAllowedNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong suppressed = new AtomicLong();

    public ThrottledLog(Logger log) {
        this.log = log;
    }

    public void warn(String message, Object detail) {
        long now = System.nanoTime();
        long next = nextAllowedNanos.get();
        if (now - next < 0 || !nextAllowedNanos.compareAndSet(next, now + INTERVAL_NANOS)) {
            suppressed.incrementAndGet();
            return;
        }
        long skipped = suppressed.getAndSet(0);
        if (skipped == 0) log.warn("{}: {}", message, detail);
        else log.warn("{}: {} ({} more since the last report)", message, detail, skipped);
    }
}
