package io.vestnik.maintenance;

import io.vestnik.chat.StreamedMessages;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes streams left open past {@code VESTNIK_STREAM_TIMEOUT} since their last delta, with the
 * text they have ({@link StreamedMessages#finishIdle}). Every node sweeps; no interval claim is
 * needed, as finishing is a compare-and-set on the message row: of nodes sweeping at once, one
 * finishes each stream and only that one announces it. A sweep runs every quarter of the timeout
 * (between one and thirty seconds), so a stream ends at most that long after it timed out.
 *
 * <p>Threading: sweeps run on one daemon thread of this instance; a failing sweep is logged and
 * the next one runs as scheduled.
 */
public final class StreamTimeouts implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamTimeouts.class);

    private final StreamedMessages streams;
    private final Duration every;
    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("stream-timeouts").unstarted(r));

    public StreamTimeouts(StreamedMessages streams, Duration timeout) {
        this.streams = streams;
        this.every = sweepEvery(timeout);
    }

    static Duration sweepEvery(Duration timeout) {
        Duration quarter = timeout.dividedBy(4);
        if (quarter.compareTo(Duration.ofSeconds(1)) < 0) return Duration.ofSeconds(1);
        return quarter.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : quarter;
    }

    /** Schedules the sweeps; returns this. */
    public StreamTimeouts start() {
        thread.scheduleWithFixedDelay(this::sweep, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void sweep() {
        try {
            int finished = streams.finishIdle();
            if (finished > 0) log.info("finished {} streams idle past the timeout", finished);
        } catch (RuntimeException e) {
            log.warn("stream timeout sweep failed, next try in {}: {}", every, e.toString());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
