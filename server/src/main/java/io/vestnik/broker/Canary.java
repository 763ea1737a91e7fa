package io.vestnik.broker;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves delivery end to end: every second the broker publishes a ping to a channel only this
 * node subscribes to, through the same connections and listener as every envelope. A connection
 * can look open while its subscription is dead; only a ping that comes back shows it is not.
 *
 * <p>Healthy means the newest ping that came back was sent less than {@link #STALE_AFTER} ago, so a
 * ping buffered during an outage and delivered late does not count as fresh. A ping carries its
 * send time ({@link System#nanoTime}), which is why it must only be sent to this same process.
 *
 * <p>Threading: pings are sent from one daemon thread of its own; {@link #pong} is called by the
 * broker's single listener thread; {@link #alive} and {@link #lastRoundTrip} from any thread.
 */
public final class Canary implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final Duration STALE_AFTER = Duration.ofSeconds(3);
    private static final Logger log = LoggerFactory.getLogger(Canary.class);

    private final ScheduledExecutorService timer;
    private volatile long newestSentNanos;
    private volatile long roundTripNanos = -1;

    /** Starts pinging at once; {@code send} gets the text to publish to the canary channel. */
    public Canary(String name, Consumer<String> send) {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name(name).factory());
        timer.scheduleAtFixedRate(() -> ping(send), 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void ping(Consumer<String> send) {
        try {
            send.accept(Long.toString(System.nanoTime()));
        } catch (RuntimeException e) {
            log.warn("broker canary ping not sent: {}", e.toString());
        }
    }

    /** A ping came back on the canary channel. */
    public void pong(String text) {
        long now = System.nanoTime();
        long sent;
        try {
            sent = Long.parseLong(text);
        } catch (NumberFormatException e) {
            log.warn("broker canary dropped a message that is not a ping: {}", text);
            return;
        }
        if (roundTripNanos >= 0 && sent - newestSentNanos <= 0) return;
        newestSentNanos = sent;
        roundTripNanos = now - sent;
    }

    public boolean alive() {
        return roundTripNanos >= 0 && System.nanoTime() - newestSentNanos < STALE_AFTER.toNanos();
    }

    /** The newest ping's round trip, or null before the first one came back. */
    public Duration lastRoundTrip() {
        long rtt = roundTripNanos;
        return rtt < 0 ? null : Duration.ofNanos(rtt);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
