package io.vestnik.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What presence shared by several nodes promises beyond {@link PresenceContract}; one subclass per store. */
abstract class SharedPresenceContract extends PresenceContract {
    /** Short enough that a crashed node is swept within seconds. */
    protected static final PresenceTiming FAST =
            new PresenceTiming(Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofMillis(300));

    @Override
    protected abstract SharedPresence newPresence(String nodeId);

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
            AtomicInteger online = new AtomicInteger();
            AtomicInteger offline = new AtomicInteger();
            for (int round = 0; round < 50; round++) {
                List<String> ids = List.of(nodeId + ":" + round, nodeId + "-b:" + round);
                List<Presence> nodes = List.of(presence, other);
                inParallel(2, i -> { if (nodes.get(i).connected(user, ids.get(i))) online.incrementAndGet(); });
                inParallel(2, i -> { if (nodes.get(i).disconnected(user, ids.get(i))) offline.incrementAndGet(); });
            }
            assertThat(online).as("one came-online per round").hasValue(50);
            assertThat(offline).as("one went-offline per round").hasValue(50);
        } finally {
            other.close();
        }
    }

    @Test
    void a_crashed_nodes_users_go_offline_within_the_sweep_interval() throws Exception {
        SharedPresence doomed = newPresence(nodeId + "-doomed");
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
