package io.vestnik.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vestnik.store.StorageMeters;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The storage's pools (HikariCP's own meters, registered by the engine) and its group commits. */
final class CommitMeters implements StorageMeters {
    private static final double[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128};
    private static final Duration[] COMMIT_BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5)};

    private final MeterRegistry registry;
    private final DistributionSummary batchSize;
    private final Timer commitTime;

    CommitMeters(MeterRegistry registry) {
        this.registry = registry;
        batchSize = DistributionSummary.builder("vestnik_commit_batch_size")
                .description("Messages appended by one group commit (one transaction)")
                .serviceLevelObjectives(BATCH_BUCKETS).register(registry);
        commitTime = Timer.builder("vestnik_commit")
                .description("How long one group commit's transaction took, appends and commit (fsync) included")
                .serviceLevelObjectives(COMMIT_BUCKETS).register(registry);
    }

    @Override
    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public void committed(int messages, long nanos) {
        batchSize.record(messages);
        commitTime.record(nanos, TimeUnit.NANOSECONDS);
    }
}
