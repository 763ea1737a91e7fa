package io.vestnik.node;

import io.vertx.core.Vertx;
import io.vestnik.metrics.Metrics;
import io.vestnik.store.WebhookQueue;
import io.vestnik.transport.Offload;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Meters whose values take a blocking check (readiness asks storage; the webhook queue is a
 * count): refreshed in the background, so a scrape never waits on the database. A check still
 * running when the next is due is not doubled up behind it.
 */
final class Gauges {
    static final long REFRESH_MILLIS = 5_000;

    private final Metrics metrics;
    private final BooleanSupplier readiness;
    private final WebhookQueue webhookQueue;
    private final AtomicBoolean refreshing = new AtomicBoolean();

    /** {@code readiness} records what it finds in {@code metrics} itself, as {@code /health/ready} does. */
    Gauges(Metrics metrics, BooleanSupplier readiness, WebhookQueue webhookQueue) {
        this.metrics = metrics;
        this.readiness = readiness;
        this.webhookQueue = webhookQueue;
    }

    void start(Vertx vertx, Offload offload) {
        vertx.setPeriodic(0, REFRESH_MILLIS, id -> {
            if (refreshing.compareAndSet(false, true)) offload.run(this::refresh);
        });
    }

    private void refresh() {
        try {
            readiness.getAsBoolean();
            metrics.webhookQueueDepth(webhookQueue.depth());
        } finally {
            refreshing.set(false);
        }
    }
}
