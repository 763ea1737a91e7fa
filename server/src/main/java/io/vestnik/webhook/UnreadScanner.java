package io.vestnik.webhook;

import io.vestnik.store.UnreadHook;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires {@code message.unread} ({@link UnreadHook}) for messages left unread longer than
 * {@code after}: every node scans about four times per {@code after} (between 100 ms and 5 s), so
 * an event comes between {@code after} and about 1.25 × {@code after} (or {@code after} + 5 s) after
 * the message; storage makes each fire once across the nodes. Scans run on one daemon thread; a
 * failing scan is logged and the next runs as scheduled.
 */
public final class UnreadScanner implements AutoCloseable {
    private static final int BATCH = 500;
    private static final Logger log = LoggerFactory.getLogger(UnreadScanner.class);

    private final UnreadHook hook;
    private final Duration after;
    private final Clock clock;
    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("unread-hook").unstarted(r));

    public UnreadScanner(UnreadHook hook, Duration after, Clock clock) {
        this.hook = hook;
        this.after = after;
        this.clock = clock;
    }

    public UnreadScanner start() {
        long every = Math.clamp(after.toMillis() / 4, 100, 5_000);
        thread.scheduleWithFixedDelay(this::scan, every, every, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Announces every member due now, a batch at a time. */
    private void scan() {
        try {
            int announced;
            do {
                announced = hook.announce(clock.instant().minus(after), clock.instant(), BATCH);
            } while (announced == BATCH);
        } catch (RuntimeException e) {
            log.warn("Announcing unread messages failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
