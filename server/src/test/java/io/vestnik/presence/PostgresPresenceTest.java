package io.vestnik.presence;

import io.vestnik.config.PostgresUrl;
import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.store.sql.PostgresStorage;
import io.vestnik.testing.PostgresDatabase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared presence contract on a fresh PostgreSQL database, plus surviving an outage. */
class PostgresPresenceTest extends SharedPresenceContract {
    private static PostgresDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = PostgresDatabase.create();
        // The storage's migrations create the presence tables, as on a node.
        try (PostgresStorage storage = new PostgresStorage(PostgresUrl.parse(database.url()))) {
            storage.start();
        }
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Override
    protected SharedPresence newPresence(String nodeId) {
        return new PostgresPresence(PostgresUrl.parse(database.url()), nodeId, FAST);
    }

    @Test
    void survives_a_database_outage_without_throwing_and_rewrites_its_connections_after() throws Exception {
        SharedPresence node = newPresence(nodeId + "-c");
        List<String> announced = new CopyOnWriteArrayList<>();
        node.listen((userId, online) -> announced.add(userId + (online ? " online" : " offline")));
        long before = freshUser();
        long during = freshUser();
        assertThat(node.connected(before, nodeId + "-c:1")).isTrue();

        database.refuseConnections();
        try {
            assertThat(node.connected(during, nodeId + "-c:2")).as("no transition reported, nothing thrown").isFalse();
            assertThat(node.disconnected(before, nodeId + "-c:1")).isFalse();
            assertThat(node.online(List.of(before, during))).as("this node's own connections meanwhile").containsExactly(during);
        } finally {
            database.acceptConnections();
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (announced.size() < 2 && System.nanoTime() < deadline) Thread.sleep(50);
        assertThat(announced).as("the database learns what changed meanwhile, each transition announced once")
                .containsExactlyInAnyOrder(during + " online", before + " offline");
        assertThat(presence.online(List.of(before, during))).containsExactly(during);
        node.close();
    }
}
