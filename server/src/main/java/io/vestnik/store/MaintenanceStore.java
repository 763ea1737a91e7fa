package io.vestnik.store;

import java.time.Duration;
import java.time.Instant;

/**
 * When each cluster-wide maintenance job last ran, so every node can try to run it and only one
 * does per interval. Thread-safe; blocking.
 */
public interface MaintenanceStore {

    /**
     * Claims this interval's run of {@code job}: records {@code now} as its last run if the
     * previous one was at least {@code interval} before {@code now}, in one conditional update.
     * True for exactly one of any number of callers on any number of nodes per interval; false
     * when the interval is already claimed (or the job is unknown). The claim is the start of the
     * run: a run that fails is not retried until the next interval. {@code now} is the caller's
     * clock, so nodes whose clocks disagree by {@code d} may run up to {@code d} early or late.
     */
    boolean claim(String job, Instant now, Duration interval);
}
