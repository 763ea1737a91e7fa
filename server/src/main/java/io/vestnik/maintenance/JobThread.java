package io.vestnik.maintenance;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one daemon thread a maintenance job's passes run on, one pass at a time. */
final class JobThread implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobThread.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final String name;
    private final ScheduledExecutorService thread;

    JobThread(String name) {
        this.name = name;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name(name).unstarted(r));
    }

    /** Runs {@code pass} after {@code first}, then {@code every} after each pass ends. */
    void every(Duration first, Duration every, Runnable pass) {
        thread.scheduleWithFixedDelay(pass, first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops scheduling, interrupts a running pass and waits briefly for it. */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            if (!thread.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) log.warn("{} still running at shutdown", name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
