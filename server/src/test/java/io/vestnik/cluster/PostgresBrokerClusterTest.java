package io.vestnik.cluster;

import io.vestnik.testing.Cluster;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/** Three nodes without Redis: PostgreSQL LISTEN/NOTIFY carries events between them, and presence is in PostgreSQL. */
class PostgresBrokerClusterTest extends GlobalPresenceClusterContract {
    @BeforeAll
    static void startCluster() {
        cluster = Cluster.start(3, Map.of("VESTNIK_BROKER", "postgres", "VESTNIK_PRESENCE_TTL", "3s"));
    }
}
