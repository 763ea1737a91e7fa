package io.vestnik.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.testing.Endpoint;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.User;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What every run of the checker shares, whatever its faults: twelve users in three overlapping
 * group chats, one {@link ChaosClient} and one {@link ChaosReactor} each, sending, reacting and
 * resuming against the given endpoints, and each group's owner moderating it ({@link
 * ChaosModerator}); then the end of the run (sending stops, every send gets its ack, every client resumes once
 * more) and the checks of {@link ChaosVerifier}.
 */
final class ChaosRun {
    private static final int USERS = 12;
    /** User i first connects to endpoint i mod n, so with three nodes each chat spans all of them. */
    private static final int[][] GROUPS = {{0, 1, 2, 3, 4, 5}, {4, 5, 6, 7, 8, 9}, {8, 9, 10, 11, 0, 1}};
    private static final long DRAIN_MS = 30_000;
    private static final long SETTLE_MS = 3_000;
    private static final long CATCH_UP_MS = 30_000;

    private final HttpApi http;
    private final List<User> users;
    /** Each chat's first message, stored before the load: the root of the replies the clients send. */
    static final long THREAD_ROOT_SEQ = 1;

    private final Map<Long, List<Integer>> chats;
    private final List<ChaosClient> clients = new ArrayList<>();
    private final List<ChaosReactor> reactors = new ArrayList<>();
    private final List<ChaosModerator> moderators = new ArrayList<>();
    private final ChaosVerifier verifier = new ChaosVerifier();
    private volatile long loadStart = System.nanoTime();
    /** Milliseconds since the load started: one clock for faults, sends and receipts. */
    final FaultSchedule.Clock clock = () -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - loadStart);

    private ChaosRun(HttpApi http, List<User> users, Map<Long, List<Integer>> chats) {
        this.http = http;
        this.users = users;
        this.chats = chats;
    }

    /** Registers the users and their chats through {@code http}; the clients connect to {@code endpoints}. */
    static ChaosRun prepare(HttpApi http, List<? extends Endpoint> endpoints, long blipEveryMs) {
        List<User> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) users.add(http.register("chaos" + i + "u"));
        Map<Long, List<Integer>> chats = new LinkedHashMap<>();
        for (int[] group : GROUPS) {
            List<Long> others = Arrays.stream(group).skip(1).mapToObj(k -> users.get(k).id()).toList();
            HttpApi.Response r = http.post("/api/v1/chats", users.get(group[0]).token(),
                    Map.of("kind", "group", "title", "chaos", "member_ids", others));
            assertThat(r.status()).as(r.text()).isEqualTo(201);
            long chat = r.json().path("chat").path("id").asLong();
            assertThat(http.send(users.get(group[0]), chat, "thread-root", "the chaos thread's root").path("seq").asLong())
                    .isEqualTo(THREAD_ROOT_SEQ);
            chats.put(chat, Arrays.stream(group).boxed().toList());
        }
        ChaosRun run = new ChaosRun(http, users, chats);
        for (int i = 0; i < USERS; i++) {
            int user = i;
            List<Long> mine = chats.entrySet().stream().filter(e -> e.getValue().contains(user)).map(Map.Entry::getKey).toList();
            ChaosClient client = new ChaosClient(i, users.get(i), mine, endpoints, run.clock, blipEveryMs);
            run.clients.add(client);
            run.reactors.add(new ChaosReactor(client, endpoints, client::highestSeen));
        }
        chats.forEach((chat, members) -> {
            ChaosClient owner = run.clients.get(members.getFirst());
            List<Long> others = members.stream().skip(1).map(k -> users.get(k).id()).toList();
            run.moderators.add(new ChaosModerator(chat, owner.user, others, endpoints, () -> owner.highestSeen(chat)));
        });
        return run;
    }

    /** Starts the clock and every client. */
    void start() {
        loadStart = System.nanoTime();
        clients.forEach(ChaosClient::start);
        reactors.forEach(ChaosReactor::start);
        moderators.forEach(ChaosModerator::start);
    }

    List<ChaosClient> clients() {
        return clients;
    }

    /** Each chat's members' clients. */
    Map<Long, List<ChaosClient>> membersOfChat() {
        Map<Long, List<ChaosClient>> members = new LinkedHashMap<>();
        chats.forEach((chat, indexes) -> members.put(chat, indexes.stream().map(clients::get).toList()));
        return members;
    }

    /**
     * Stops sending, waits until every send has its ack (30 s at most) and live delivery has
     * landed, runs {@code beforeCatchUp}, then has every client reconnect and resume once more and
     * checks the run.
     */
    ChaosVerifier.Totals finish(Runnable beforeCatchUp) throws Exception {
        clients.forEach(ChaosClient::stopSending);
        for (ChaosReactor reactor : reactors) reactor.stop();
        for (ChaosModerator moderator : moderators) moderator.stop();
        long drainStart = clock.nowMs();
        while (clients.stream().anyMatch(c -> c.unackedCount() > 0) && clock.nowMs() - drainStart < DRAIN_MS) {
            Thread.sleep(100);
        }
        System.out.printf("chaos: %6d ms  sending stopped; unacked drained in %d ms%n", clock.nowMs(), clock.nowMs() - drainStart);
        Thread.sleep(SETTLE_MS); // let live delivery of the last sends land before "missing before catch-up" is taken
        beforeCatchUp.run();
        List<CompletableFuture<Void>> caughtUp = clients.stream().map(ChaosClient::finalCatchUp).toList();
        try {
            CompletableFuture.allOf(caughtUp.toArray(CompletableFuture[]::new)).get(CATCH_UP_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            System.out.println("chaos: not every client caught up within 30 s");
        }
        shutdown();
        Map<Long, User> reader = new LinkedHashMap<>();
        chats.forEach((chat, members) -> reader.put(chat, users.get(members.get(0))));
        verifier.loadStorage(http, reader);
        return verifier.verify(clients, reactors, moderators);
    }

    void shutdown() throws InterruptedException {
        for (ChaosClient c : clients) c.shutdown();
    }

    /** The figures every run prints; {@code extra} (the run's own figures) goes before the failures. */
    String summary(ChaosVerifier.Totals t, String extra) {
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
        out.append(String.format("%-34s %8d  (%d uncertain, %d retries)%n", "reactions acknowledged", t.reactions,
                t.reactionsUncertain, reactors.stream().mapToInt(ChaosReactor::retries).sum()));
        out.append(String.format("%-34s %8d%n", "reaction counts wrong in storage", t.reactionsWrong));
        out.append(String.format("%-34s %8d  (%d unmutes, %d removals answered; %d retries)%n", "mutes by the owners",
                moderators.stream().mapToInt(ChaosModerator::mutes).sum(), moderators.stream().mapToInt(ChaosModerator::unmutes).sum(),
                moderators.stream().mapToInt(m -> m.removed().size()).sum(), moderators.stream().mapToInt(ChaosModerator::retries).sum()));
        out.append(String.format("%-34s %8d  (%d reaction changes refused)%n", "sends refused as muted", t.refused,
                reactors.stream().mapToInt(ChaosReactor::refused).sum()));
        out.append(String.format("%-34s %8d  (%d stored once by an earlier attempt lost unanswered)%n",
                "refused sends stored or acked", t.refusedStored, t.refusedStoredByLostAttempt));
        out.append(String.format("%-34s %8d%n", "moderation not as storage says", t.moderationWrong));
        out.append(String.format("%-34s %8d  %s%n", "changes in the chats' change logs", t.changesStored, t.changesByKind));
        out.append(String.format("%-34s %8d%n", "client-side changes missing", t.changesMissing));
        out.append(String.format("%-34s %8d%n", "client-side changes again/back", t.changesDuplicated));
        out.append(String.format("%-34s %8d%n", "changes ahead of their message", t.changesAhead));
        out.append(String.format("%-34s %8d%n", "client-side changes of another kind", t.changesWrongKind));
        out.append(String.format("%-34s %8d%n", "clients' final reactions wrong", t.reactionsHeldWrong));
        out.append(String.format("%-34s %8d  (%d client network blips, %d ack timeouts, %d error frames, %d closes 1012)%n", "reconnects",
                sum(ChaosClient::reconnects), sum(ChaosClient::blips), sum(ChaosClient::ackTimeouts), sum(ChaosClient::errors),
                sum(c -> c.restartClosesMs().size())));
        List<Long> latencies = clients.stream().flatMap(c -> c.ackLatenciesMs().stream()).sorted().toList();
        if (!latencies.isEmpty()) {
            out.append(String.format("%-34s p50 %d, p99 %d, max %d ms%n", "ack latency (last send -> ack)",
                    latencies.get(latencies.size() / 2), latencies.get(latencies.size() * 99 / 100), latencies.getLast()));
        }
        out.append(extra);
        if (!t.infos.isEmpty()) out.append("live delivery gaps the final resume filled (info):\n  ").append(String.join("\n  ", t.infos)).append('\n');
        if (!t.details.isEmpty()) out.append("failures:\n  ").append(String.join("\n  ", t.details)).append('\n');
        List<String> notes = clients.stream().flatMap(c -> c.notes().stream()).filter(n -> !n.contains("network blip"))
                .sorted(Comparator.comparingLong(n -> Long.parseLong(n.substring(0, n.indexOf(' '))))).limit(30).toList();
        out.append("reconnect reasons other than blips (first 30):\n  ").append(String.join("\n  ", notes)).append('\n');
        return out.toString();
    }

    private int sum(java.util.function.ToIntFunction<ChaosClient> count) {
        return clients.stream().mapToInt(count).sum();
    }
}
