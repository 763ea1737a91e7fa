package io.vestnik.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.store.sql.PostgresStorage;
import io.vestnik.testing.PostgresDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The presence contract on a fresh PostgreSQL database, plus what only several nodes can show. */
class PostgresPresenceTest extends PresenceContract {
    /** Short enough that a crashed node is swept within seconds. */
    private static final RedisPresence.Timing FAST =
            new RedisPresence.Timing(Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofMillis(300));

    private static PostgresDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = PostgresDatabase.create();
        // The storage's migrations create the presence tables, as on a node.
        try (PostgresStorage storage = new PostgresStorage(database.url())) {
            storage.start();
        }
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Override
    protected Presence newPresence(String nodeId) {
        return new PostgresPresence(database.url(), nodeId, FAST);
    }

    @Test
    void two_nodes_share_presence() {
        Presence other = newPresence(nodeId + "-b");
        try {
            long user = freshUser();
            assertThat(presence.connected(user, nodeId + ":1")).isTrue();
            assertThat(other.connected(user, nodeId + "-b:1")).as("already online through the first node").isFalse();
            assertThat(other.online(List.of(user))).containsExactly(user);

            assertThat(presence.disconnected(user, nodeId + ":1")).as("still connected on the other node").isFalse();
            assertThat(presence.online(List.of(user))).containsExactly(user);
            assertThat(other.disconnected(user, nodeId + "-b:1")).isTrue();
            assertThat(presence.online(List.of(user))).isEmpty();
        } finally {
            other.close();
        }
    }

    @Test
    void two_nodes_racing_on_one_user_see_each_transition_once() throws Exception {
        Presence other = newPresence(nodeId + "-b");
        try {
            long user = freshUser();
            int[] online = new int[1];
            int[] offline = new int[1];
            for (int round = 0; round < 50; round++) {
                String here = nodeId + ":" + round;
                String there = nodeId + "-b:" + round;
                inParallel(2, i -> { if ((i == 0 ? presence : other).connected(user, i == 0 ? here : there)) count(online); });
                inParallel(2, i -> { if ((i == 0 ? presence : other).disconnected(user, i == 0 ? here : there)) count(offline); });
            }
            assertThat(online[0]).as("one came-online per round").isEqualTo(50);
            assertThat(offline[0]).as("one went-offline per round").isEqualTo(50);
        } finally {
            other.close();
        }
    }

    private static void count(int[] counter) {
        synchronized (counter) {
            counter[0]++;
        }
    }

    @Test
    void a_crashed_nodes_users_go_offline_within_the_sweep_interval() throws Exception {
        PostgresPresence doomed = (PostgresPresence) newPresence(nodeId + "-doomed");
        Set<Long> sweptOffline = ConcurrentHashMap.newKeySet();
        presence.listen((userId, online) -> { if (!online) sweptOffline.add(userId); });
        long onlyThere = freshUser();
        long alsoHere = freshUser();
        doomed.connected(onlyThere, nodeId + "-doomed:1");
        doomed.connected(alsoHere, nodeId + "-doomed:2");
        presence.connected(alsoHere, nodeId + ":1");

        doomed.halt();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!sweptOffline.contains(onlyThere) && System.nanoTime() < deadline) Thread.sleep(50);

        assertThat(sweptOffline).as("announced through the listener, once, for the user only the crashed node held")
                .containsExactly(onlyThere);
        assertThat(presence.online(List.of(onlyThere, alsoHere))).containsExactly(alsoHere);
        assertThat(presence.disconnected(alsoHere, nodeId + ":1")).as("the crashed node's connection is gone").isTrue();
    }

    @Test
    void a_clean_close_reports_users_connected_only_here_as_offline() {
        Presence other = newPresence(nodeId + "-b");
        Set<Long> offline = ConcurrentHashMap.newKeySet();
        other.listen((userId, online) -> { if (!online) offline.add(userId); });
        long user = freshUser();
        other.connected(user, nodeId + "-b:1");
        other.close();
        assertThat(offline).containsExactly(user);
        assertThat(presence.online(List.of(user))).isEmpty();
    }
}
