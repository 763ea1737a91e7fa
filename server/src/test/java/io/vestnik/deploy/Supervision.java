package io.vestnik.deploy;

import io.vestnik.node.Node;
import java.time.Duration;

/** What a supervisor (compose, systemd) must allow a node that is stopping. */
final class Supervision {
    /** After the drain, the node still stops its parts (broker, pools, storage) in order. */
    private static final Duration STOPPING_PARTS = Duration.ofSeconds(10);

    /** Less than this between SIGTERM and SIGKILL cuts a clean stop short. */
    static final Duration MINIMUM_STOP_TIMEOUT = Node.DRAIN_GRACE.plus(STOPPING_PARTS);

    private Supervision() {}
}
