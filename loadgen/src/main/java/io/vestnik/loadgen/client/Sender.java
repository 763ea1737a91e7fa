package io.vestnik.loadgen.client;

import io.vestnik.loadgen.report.Metrics;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Drives one sending connection, on its event loop. Unlimited: keeps the in-flight window full,
 * sending again on every ack (closed loop, measures capacity). Paced: one send per interval (open
 * loop, measures latency at a fixed load); a tick that finds the window full is counted as skipped
 * rather than queued, so the report shows when the offered rate was not met.
 */
public final class Sender {
    private final ClientConnection connection;
    private final Metrics metrics;
    private final long intervalNanos;
    private boolean running;
    private ScheduledFuture<?> ticks;

    /** @param intervalNanos time between sends, or 0 for unlimited */
    public Sender(ClientConnection connection, Metrics metrics, long intervalNanos) {
        this.connection = connection;
        this.metrics = metrics;
        this.intervalNanos = intervalNanos;
        connection.attach(this);
    }

    public void start() {
        connection.channel().eventLoop().execute(() -> {
            running = true;
            if (intervalNanos == 0) {
                fill();
            } else {
                // A random phase spreads the senders' ticks over the interval instead of bursting together.
                long phase = ThreadLocalRandom.current().nextLong(intervalNanos);
                ticks = connection.channel().eventLoop().scheduleAtFixedRate(this::tick, phase, intervalNanos,
                        TimeUnit.NANOSECONDS);
            }
        });
    }

    public void stop() {
        connection.channel().eventLoop().execute(() -> {
            running = false;
            if (ticks != null) ticks.cancel(false);
        });
    }

    void windowOpened() {
        if (running && intervalNanos == 0) fill();
    }

    private void fill() {
        while (connection.trySend()) {
            // keep going until the window is full
        }
    }

    private void tick() {
        if (running && !connection.trySend()) metrics.skipped(System.nanoTime());
    }
}
