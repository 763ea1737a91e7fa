package io.vestnik.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.testing.Cluster;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.NodeProcess;
import io.vestnik.testing.PostgresServer;
import io.vestnik.testing.RedisServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chaos checker: 12 clients on 3 nodes (a private PostgreSQL + a private Redis) send with
 * client_ids and reconnect/resume as real clients do while a node crashes, Redis restarts and
 * PostgreSQL restarts, then the run is checked end to end:
 * <ol>
 *   <li>storage: each chat's seqs are exactly 1..last, no (sender, client_id) is stored twice,
 *       and every ack names the stored message with its client_id (nothing acked is lost);</li>
 *   <li>each client: per chat, the new_message seqs it received over its whole life rise strictly
 *       (no duplicate, none out of order), and with its own acks cover 1..last;</li>
 *   <li>every send re-sent after a reconnect is stored exactly once, and every send is acked in
 *       the end;</li>
 *   <li>live delivery: before the final catch-up, no client is missing a message it could only
 *       get by reconnecting.</li>
 * </ol>
 * Faults are {@link FaultSchedule} entries, one line each: kill -9 of a node, a Redis restart, a
 * PostgreSQL restart.
 * Besides them each client drops its own socket every 6-18 s (see {@link ChaosClient}), so sends
 * lose their acks mid-flight and clients also land on the restarted node. Load runs 75 s, and at
 * least 10 s past the last heal; then sending stops, every send must get its ack (30 s at most),
 * and every client reconnects and resumes once more before the checks.
 * <p>
 * <b>Recovery time</b> of a fault, printed twice: from the moment the fault was injected, and
 * from the moment it was healed (the restarted node reports ready, the relaunched Redis accepts
 * connections, PostgreSQL is started again), until delivery is whole again, which means: in every chat, some message sent at
 * or after that moment has reached every member (as new_message, or as the ack to its sender).
 * It includes the clients' reconnect backoff, as a user would feel it.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ChaosTest {
    private static final int USERS = 12;
    private static final long LOAD_MS = 75_000;
    private static final long DRAIN_MS = 30_000;
    private static final long SETTLE_MS = 3_000;
    /** Load goes on at least this long after the last heal, so every fault's recovery can be measured. */
    private static final long AFTER_LAST_HEAL_MS = 10_000;

    @Test
    void acknowledged_messages_survive_node_crashes_and_redis_and_postgres_restarts_exactly_once_in_order() throws Exception {
        long setupStart = System.nanoTime();
        try (RedisServer redis = RedisServer.start();
             PostgresServer postgres = PostgresServer.start();
             Cluster cluster = Cluster.startOn(postgres.url(), 3,
                     Map.of("VESTNIK_REDIS_URL", redis.url(), "VESTNIK_PRESENCE_TTL", "3s"))) {
            HttpApi http = cluster.node(0).http();
            List<User> users = new ArrayList<>();
            for (int i = 0; i < USERS; i++) users.add(http.register("chaos" + i + "u"));
            // Overlapping groups; user i first connects to node i mod 3, so each chat spans all nodes.
            int[][] groups = {{0, 1, 2, 3, 4, 5}, {4, 5, 6, 7, 8, 9}, {8, 9, 10, 11, 0, 1}};
            Map<Long, List<Integer>> chats = new LinkedHashMap<>();
            for (int[] group : groups) {
                List<Long> others = new ArrayList<>();
                for (int k = 1; k < group.length; k++) others.add(users.get(group[k]).id());
                HttpApi.Response r = http.post("/api/v1/chats", users.get(group[0]).token(),
                        Map.of("kind", "group", "title", "chaos", "member_ids", others));
                assertThat(r.status()).as(r.text()).isEqualTo(201);
                chats.put(r.json().path("chat").path("id").asLong(), java.util.Arrays.stream(group).boxed().toList());
            }

            long loadStart = System.nanoTime();
            FaultSchedule.Clock clock = () -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - loadStart);
            List<NodeProcess> nodes = cluster.nodes();
            List<ChaosClient> clients = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                int user = i;
                List<Long> mine = chats.entrySet().stream().filter(e -> e.getValue().contains(user)).map(Map.Entry::getKey).toList();
                clients.add(new ChaosClient(i, users.get(i), mine, nodes, clock));
            }
            Map<Long, List<ChaosClient>> membersOfChat = new LinkedHashMap<>();
            chats.forEach((chat, members) -> membersOfChat.put(chat, members.stream().map(clients::get).toList()));

            NodeProcess victim = cluster.node(1);
            FaultSchedule schedule = new FaultSchedule()
                    .add("kill -9 " + victim.nodeId(), 15_000, 10_000, victim::kill, () -> restart(victim))
                    .add("redis restart", 40_000, 8_000, redis::stop, redis::launch)
                    .add("postgres restart", 58_000, 5_000, postgres::stop, postgres::launch);

            System.out.printf("chaos: setup took %d ms%n", TimeUnit.NANOSECONDS.toMillis(loadStart - setupStart));
            clients.forEach(ChaosClient::start);
            CompletableFuture<List<FaultSchedule.Outcome>> faults = new CompletableFuture<>();
            Thread.ofVirtual().name("chaos-faults").start(() -> {
                try {
                    faults.complete(schedule.run(clock));
                } catch (Throwable e) {
                    faults.completeExceptionally(e);
                }
            });
            try {
                Thread.sleep(LOAD_MS);
                List<FaultSchedule.Outcome> outcomes = faults.get(90, TimeUnit.SECONDS);
                long lastHeal = outcomes.stream().mapToLong(FaultSchedule.Outcome::healedAtMs).max().orElse(0);
                Thread.sleep(Math.max(0, lastHeal + AFTER_LAST_HEAL_MS - clock.nowMs()));
                clients.forEach(ChaosClient::stopSending);
                long drainStart = clock.nowMs();
                while (clients.stream().anyMatch(c -> c.unackedCount() > 0) && clock.nowMs() - drainStart < DRAIN_MS) {
                    Thread.sleep(100);
                }
                System.out.printf("chaos: %6d ms  sending stopped; unacked drained in %d ms%n", clock.nowMs(), clock.nowMs() - drainStart);
                Thread.sleep(SETTLE_MS); // let live delivery of the last sends land before "missing before catch-up" is taken
                printBrokerSubscriptions(redis, membersOfChat);
                List<CompletableFuture<Void>> caughtUp = clients.stream().map(ChaosClient::finalCatchUp).toList();
                try {
                    CompletableFuture.allOf(caughtUp.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    System.out.println("chaos: not every client caught up within 30 s");
                }
                for (ChaosClient c : clients) c.shutdown();

                ChaosVerifier verifier = new ChaosVerifier();
                Map<Long, User> reader = new LinkedHashMap<>();
                chats.forEach((chat, members) -> reader.put(chat, users.get(members.get(0))));
                verifier.loadStorage(http, reader);
                ChaosVerifier.Totals totals = verifier.verify(clients);
                report(totals, outcomes, membersOfChat, clients, verifier, chats);
                if (totals.failures() > 0) {
                    for (NodeProcess node : nodes) System.out.println("---- " + node.nodeId() + " log tail\n" + node.logTail());
                }
                assertThat(totals.details).as("chaos checks").isEmpty();
                assertThat(totals.failures()).isZero();
            } finally {
                for (ChaosClient c : clients) c.shutdown();
            }
        }
    }

    /**
     * Restarts a crashed node. NodeProcess gives a start 30 s; on a loaded 2-core machine (other
     * JVMs running tests) a restart under this load has taken up to 28 s, so it gets 30 s more.
     */
    private static void restart(NodeProcess node) {
        try {
            node.restart();
        } catch (IllegalStateException slow) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!node.ready()) {
                if (System.nanoTime() > deadline) throw slow;
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw slow;
                }
            }
        }
    }

    private static void report(ChaosVerifier.Totals t, List<FaultSchedule.Outcome> outcomes, Map<Long, List<ChaosClient>> membersOfChat,
                               List<ChaosClient> clients, ChaosVerifier verifier, Map<Long, List<Integer>> chats) {
        StringBuilder out = new StringBuilder("\n==== chaos summary ====\n");
        chats.keySet().forEach(chat -> out.append(String.format("chat %d: last seq %d, members %s%n", chat, verifier.lastSeq(chat), chats.get(chat))));
        out.append(String.format("%-34s %8d%n", "messages sent (distinct client_ids)", t.sent));
        out.append(String.format("%-34s %8d%n", "acked", t.acked));
        out.append(String.format("%-34s %8d  (%d re-sends)%n", "retried after reconnect/error", t.retried, t.resends));
        out.append(String.format("%-34s %8d%n", "  of which already stored (dedup)", t.dedupHits));
        out.append(String.format("%-34s %8d%n", "never acked (unresolved)", t.unresolved));
        out.append(String.format("%-34s %8d%n", "lost (acked, not stored as acked)", t.lost));
        out.append(String.format("%-34s %8d%n", "duplicated in storage", t.duplicated));
        out.append(String.format("%-34s %8d%n", "seq gaps in storage", t.gaps));
        out.append(String.format("%-34s %8d%n", "retried, not stored exactly once", t.retriedNotOnce));
        out.append(String.format("%-34s %8d%n", "client-side missing", t.missing));
        out.append(String.format("%-34s %8d%n", "client-side out-of-order/duplicate", t.outOfOrder));
        out.append(String.format("%-34s %8d%n", "client-side ack conflicts/anomalies", t.ackConflicts));
        out.append(String.format("%-34s %8d  (a hole only a reconnect would fill)%n",
                "missing live before the final catch-up", t.missingBeforeCatchUp));
        out.append(String.format("%-34s %8d  (%d client network blips, %d ack timeouts, %d error frames)%n", "reconnects",
                clients.stream().mapToInt(ChaosClient::reconnects).sum(), clients.stream().mapToInt(ChaosClient::blips).sum(),
                clients.stream().mapToInt(ChaosClient::ackTimeouts).sum(),
                clients.stream().mapToInt(ChaosClient::errors).sum()));
        List<Long> latencies = clients.stream().flatMap(c -> c.ackLatenciesMs().stream()).sorted().toList();
        if (!latencies.isEmpty()) {
            out.append(String.format("%-34s p50 %d, p99 %d, max %d ms%n", "ack latency (last send -> ack)",
                    latencies.get(latencies.size() / 2), latencies.get(latencies.size() * 99 / 100), latencies.getLast()));
        }
        out.append("recovery (until every chat had a message, sent after the instant, reach every member):\n");
        for (FaultSchedule.Outcome o : outcomes) {
            out.append(String.format("  %-18s injected %6d ms, healed %6d ms: from injection %s, from heal %s%n",
                    o.fault().name(), o.injectedAtMs(), o.healedAtMs(),
                    ms(ChaosVerifier.recoveryMs(o.injectedAtMs(), membersOfChat)), ms(ChaosVerifier.recoveryMs(o.healedAtMs(), membersOfChat))));
        }
        if (!t.infos.isEmpty()) out.append("live delivery gaps the final resume filled (info):\n  ").append(String.join("\n  ", t.infos)).append('\n');
        if (!t.details.isEmpty()) out.append("failures:\n  ").append(String.join("\n  ", t.details)).append('\n');
        List<String> notes = clients.stream().flatMap(c -> c.notes().stream()).filter(n -> !n.contains("network blip"))
                .sorted(java.util.Comparator.comparingLong(n -> Long.parseLong(n.substring(0, n.indexOf(' '))))).limit(30).toList();
        out.append("reconnect reasons other than blips (first 30):\n  ").append(String.join("\n  ", notes)).append('\n');
        System.out.println(out);
    }

    /**
     * Which nodes hold a member's socket per chat, against how many nodes Redis says are
     * subscribed to the chat's channel: fewer subscribers than nodes means some node's members
     * get others' messages only when a gap shows (live delivery stalls at the tail).
     */
    private static void printBrokerSubscriptions(RedisServer redis, Map<Long, List<ChaosClient>> membersOfChat) {
        List<String> channels = membersOfChat.keySet().stream().map(chat -> "vestnik:chat:" + chat).toList();
        Map<String, Long> subscribed = RedisProbe.subscribers(redis.port(), channels);
        membersOfChat.forEach((chat, members) -> {
            java.util.SortedSet<String> nodes = new java.util.TreeSet<>();
            for (ChaosClient member : members) {
                List<String> connections = member.connections();
                if (!connections.isEmpty()) nodes.add(connections.getLast().substring(0, connections.getLast().indexOf('@')));
            }
            System.out.printf("chaos: chat %d: members connected on %s; Redis subscribers of its channel: %s%n",
                    chat, nodes, subscribed.getOrDefault("vestnik:chat:" + chat, -1L));
        });
    }

    private static String ms(long recovery) {
        return recovery < 0 ? "  never" : String.format("%6d ms", recovery);
    }
}
