package io.vestnik.loadgen.report;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counters and latency recorders shared by every event loop (all writes are wait-free).
 *
 * <p>Sends, acks, deliveries and their latencies count only when the send was made inside the
 * measurement window, judged by the sender's timestamp: a warm-up send that arrives after the window
 * opens is not counted, and a send from inside the window counts even if it lands during the drain.
 * So after a full drain, deliveries = sends x (receivers per group) exactly when nothing is lost.
 */
public final class Metrics {
    // Microsecond resolution, up to an hour, 3 significant digits.
    private static final long MAX_MICROS = TimeUnit.HOURS.toMicros(1);

    private final Recorder connectTime = new Recorder(MAX_MICROS, 3);
    private final Recorder endToEnd = new Recorder(MAX_MICROS, 3);
    private final Recorder ackTime = new Recorder(MAX_MICROS, 3);
    private final AtomicInteger established = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger closedEarly = new AtomicInteger();
    private final LongAdder sends = new LongAdder();
    private final LongAdder acks = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;

    /**
     * Sets the window before either of its ends is reached. A bound written after the moment it names
     * would race the event loops: a send stamped just past the end, but judged while the end was still
     * unset, would count as sent and then not as acked or delivered.
     */
    public void scheduleWindow(long startNanos, long endNanos) {
        windowEnd = endNanos;
        windowStart = startNanos;
    }

    /** Moves the end earlier (a stop file); {@code endNanos} must still lie ahead, as for {@link #scheduleWindow}. */
    public void endWindowAt(long endNanos) {
        windowEnd = Math.min(windowEnd, endNanos);
    }

    private boolean counts(long sentAtNanos) {
        return sentAtNanos >= windowStart && sentAtNanos < windowEnd;
    }

    public void connected(long startNanos, long now) {
        established.incrementAndGet();
        connectTime.recordValue(micros(now - startNanos));
    }

    public void connectFailed() {
        failed.incrementAndGet();
    }

    public void closedEarly() {
        closedEarly.incrementAndGet();
    }

    public void sent(long sentAtNanos) {
        if (counts(sentAtNanos)) sends.increment();
    }

    /** A paced sender's tick found its window full: the offered rate was not met. */
    public void skipped(long nanos) {
        if (counts(nanos)) skipped.increment();
    }

    public void acked(long sentAtNanos, long now) {
        if (!counts(sentAtNanos)) return;
        acks.increment();
        ackTime.recordValue(micros(now - sentAtNanos));
    }

    public void refused(long sentAtNanos) {
        if (counts(sentAtNanos)) refused.increment();
    }

    public void delivered(long sentAtNanos, long now) {
        if (!counts(sentAtNanos)) return;
        deliveries.increment();
        endToEnd.recordValue(micros(now - sentAtNanos));
    }

    public int established() {
        return established.get();
    }

    public int failed() {
        return failed.get();
    }

    public long deliveries() {
        return deliveries.sum();
    }

    public long acks() {
        return acks.sum() + refused.sum();
    }

    public long sends() {
        return sends.sum();
    }

    /** Takes the final numbers; call once, after the drain. */
    public Snapshot snapshot() {
        return new Snapshot(established.get(), failed.get(), closedEarly.get(), sends.sum(), acks.sum(),
                refused.sum(), deliveries.sum(), skipped.sum(), connectTime.getIntervalHistogram(),
                endToEnd.getIntervalHistogram(), ackTime.getIntervalHistogram());
    }

    public record Snapshot(int established, int failed, int closedEarly, long sends, long acks, long refused,
                           long deliveries, long skipped, Histogram connectMicros, Histogram endToEndMicros,
                           Histogram ackMicros) {}

    private static long micros(long nanos) {
        return Math.min(MAX_MICROS, Math.max(0, nanos / 1_000));
    }
}
