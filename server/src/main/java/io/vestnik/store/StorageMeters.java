package io.vestnik.store;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Where a storage engine reports how it works, for metrics. Given to the engine when it is built;
 * its methods are called from storage threads, so they must be cheap and never block.
 */
public interface StorageMeters {
    /** Reports nothing: for tools and tests that run storage without a node. */
    StorageMeters NONE = new StorageMeters() {
        @Override
        public MeterRegistry registry() {
            return null;
        }

        @Override
        public void committed(int messages, long nanos) {
            // nothing to report to
        }
    };

    /** The registry the engine's connection pools report their own meters to (HikariCP's tracker); null for none. */
    MeterRegistry registry();

    /** One group commit: {@code messages} appended in one transaction, which took {@code nanos} to run and commit. */
    void committed(int messages, long nanos);
}
