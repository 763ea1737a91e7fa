package io.vestnik.cluster;

import io.vestnik.testing.Cluster;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/** Three nodes without Redis: PostgreSQL LISTEN/NOTIFY carries events between them. */
class PostgresBrokerClusterTest extends ClusterContract {
    @BeforeAll
    static void startCluster() {
        cluster = Cluster.start(3, Map.of("VESTNIK_BROKER", "postgres"));
    }
}
