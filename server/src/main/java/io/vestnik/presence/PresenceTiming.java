package io.vestnik.presence;

import java.time.Duration;

/** How often a shared presence refreshes its node's liveness, how long that lasts, how often nodes sweep. */
public record PresenceTiming(Duration aliveFor, Duration refreshEvery, Duration sweepEvery) {
    public static final PresenceTiming DEFAULT = forTtl(Duration.ofSeconds(30));

    /** Refresh three times per TTL, sweep twice: a crashed node's users are offline within about 1.5 TTL. */
    public static PresenceTiming forTtl(Duration aliveFor) {
        return new PresenceTiming(aliveFor, aliveFor.dividedBy(3), aliveFor.dividedBy(2));
    }
}
