package io.vestnik.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.HttpApi;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The checks of a chaos run, on what storage holds (read back over HTTP) and what every client
 * recorded. Counts rather than the first failure, so one run reports the whole damage.
 */
final class ChaosVerifier {
    /** One stored message, as the history returns it: its reactions as emoji → count; a tombstone if deleted. */
    record Stored(long seq, long senderId, String clientId, boolean deleted, Map<String, Integer> reactions) {}

    /** The totals the run prints and asserts on. */
    static final class Totals {
        int sent, acked, retried, resends, unresolved, dedupHits;
        int lost, duplicated, gaps, missing, outOfOrder, ackConflicts, retriedNotOnce;
        int missingBeforeCatchUp;
        int reactions, reactionsUncertain, reactionsWrong;
        int changesStored, changesMissing, changesDuplicated, changesAhead, changesWrongKind, reactionsHeldWrong;
        int refused, refusedStored, refusedStoredByLostAttempt, moderationWrong;
        /** The chats' change-log entries by kind. */
        final Map<String, Integer> changesByKind = new TreeMap<>();
        final List<String> details = new ArrayList<>();
        final List<String> infos = new ArrayList<>(); // not failures: what only the final resume brought

        int failures() {
            // Live holes count too: a message a client only gets by reconnecting is late, if not lost.
            return unresolved + lost + duplicated + gaps + missing + outOfOrder + ackConflicts + retriedNotOnce
                    + missingBeforeCatchUp + reactionsWrong + changesMissing + changesDuplicated + changesAhead
                    + changesWrongKind + reactionsHeldWrong + refusedStored + moderationWrong;
        }

        void detail(String text) {
            if (details.size() < 60) details.add(text);
        }
    }

    private final Map<Long, List<Stored>> storage = new HashMap<>();
    /** Per chat, each change's kind: change n at index n - 1. */
    private final Map<Long, List<String>> changeKinds = new HashMap<>();
    private final Totals totals = new Totals();

    /** Reads each chat's whole history, paging forward with {@code after_seq}. */
    void loadStorage(HttpApi http, Map<Long, HttpApi.User> memberOfChat) {
        memberOfChat.forEach((chat, member) -> {
            List<Stored> messages = new ArrayList<>();
            long after = 0;
            while (true) {
                HttpApi.Response r = http.get("/api/v1/chats/" + chat + "/messages?after_seq=" + after + "&limit=500&thread_replies=true", member.token());
                if (r.status() != 200) throw new IllegalStateException("history of chat " + chat + ": " + r.status() + " " + r.text());
                for (JsonNode m : r.json().path("messages")) {
                    Map<String, Integer> reactions = new HashMap<>();
                    m.path("reactions").forEach(e -> reactions.put(e.path("emoji").asText(), e.path("count").asInt()));
                    messages.add(new Stored(m.path("seq").asLong(), m.path("sender_id").asLong(), m.path("client_id").asText(),
                            m.path("deleted").asBoolean(), reactions));
                    after = m.path("seq").asLong();
                }
                if (!r.json().path("has_more").asBoolean()) break;
            }
            storage.put(chat, messages);
            changeKinds.put(chat, loadChanges(http, chat, member));
        });
    }

    /** The chat's change log, paged forward; its numbers must be exactly 1..last. Answers their kinds in order. */
    private List<String> loadChanges(HttpApi http, long chat, HttpApi.User member) {
        List<String> kinds = new ArrayList<>();
        long after = 0;
        while (true) {
            HttpApi.Response r = http.get("/api/v1/chats/" + chat + "/changes?after=" + after + "&limit=500", member.token());
            if (r.status() != 200) throw new IllegalStateException("changes of chat " + chat + ": " + r.status() + " " + r.text());
            for (JsonNode change : r.json().path("changes")) {
                long number = change.path("change").asLong();
                if (number != after + 1) totals.detail("chat " + chat + ": change log has " + number + " after " + after);
                totals.changesStored++;
                String kind = change.path("type").asText();
                totals.changesByKind.merge(kind, 1, Integer::sum);
                kinds.add(kind);
                after = number;
            }
            if (!r.json().path("has_more").asBoolean()) return kinds;
        }
    }

    long lastSeq(long chat) {
        return storage.get(chat).stream().mapToLong(Stored::seq).max().orElse(0);
    }

    /** The stored message of that chat and seq, or null. */
    private Stored at(long chat, long seq) {
        return storage.get(chat).stream().filter(m -> m.seq() == seq).findFirst().orElse(null);
    }

    Totals verify(List<ChaosClient> clients, List<ChaosReactor> reactors, List<ChaosModerator> moderators) {
        checkStorage();
        for (ChaosClient client : clients) {
            checkAcksAndRetries(client);
            checkRefusals(client);
            checkDelivery(client);
            checkChanges(client);
        }
        checkReactions(reactors);
        moderators.forEach(this::checkModeration);
        return totals;
    }

    /**
     * A refusal as muted answers the attempt it refuses: that attempt stored nothing and nothing
     * acknowledges it afterwards. An earlier attempt of the same client_id that went unanswered on
     * a lost connection may still have been on its way to storage (queued on its node while the
     * client reconnected elsewhere) and be stored, once, after the refusal: the weaker promise
     * docs/protocol.md states for {@code muted}. A send refused on its first connection is never stored.
     */
    private void checkRefusals(ChaosClient client) {
        client.refused().forEach((clientId, refusal) -> {
            totals.refused++;
            long stored = storage.get(refusal.chatId()).stream()
                    .filter(m -> m.senderId() == client.user.id() && m.clientId().equals(clientId)).count();
            boolean acked = client.acks().containsKey(clientId);
            if (!acked && stored == 1 && refusal.afterLostAttempt()) {
                totals.refusedStoredByLostAttempt++;
            } else if (stored > 0 || acked) {
                totals.refusedStored++;
                totals.detail(client.user.username() + ": " + clientId + " was refused (muted) but is "
                        + (acked ? "acked" : "stored " + stored + " times") + (refusal.afterLostAttempt() ? " (an earlier attempt was lost)" : ""));
            }
        });
    }

    /**
     * What the owner's moderation did is what storage holds: the chat's {@code member_muted}
     * entries are as many as its calls wrote (within the bounds unanswered attempts leave), every
     * removal it saw answered is a tombstone, and every tombstone is one of its removals (no one
     * else removes a message).
     */
    private void checkModeration(ChaosModerator moderator) {
        long chat = moderator.chatId;
        long mutes = changeKinds.get(chat).stream().filter("member_muted"::equals).count();
        if (mutes < moderator.mutesLogged() || mutes > moderator.mutesLoggedAtMost()) {
            totals.moderationWrong++;
            totals.detail("chat " + chat + ": " + mutes + " member_muted changes, the owner's calls wrote "
                    + moderator.mutesLogged() + ".." + moderator.mutesLoggedAtMost());
        }
        for (long seq : moderator.removed()) {
            Stored m = at(chat, seq);
            if (m == null || !m.deleted()) {
                totals.moderationWrong++;
                totals.detail("chat " + chat + ": seq " + seq + " was removed (204) but storage has " + m);
            }
        }
        Set<Long> removable = new HashSet<>(moderator.removed());
        removable.addAll(moderator.maybeRemoved());
        storage.get(chat).stream().filter(m -> m.deleted() && !removable.contains(m.seq())).forEach(m -> {
            totals.moderationWrong++;
            totals.detail("chat " + chat + ": seq " + m.seq() + " is a tombstone no removal asked for");
        });
    }

    /**
     * Every reaction's count in storage is the number of users whose last acknowledged change left
     * it present; a user whose last change never got an answer may or may not be counted. A
     * removed message has none.
     */
    private void checkReactions(List<ChaosReactor> reactors) {
        Map<ChaosReactor.Key, Integer> present = new HashMap<>();
        Map<ChaosReactor.Key, Integer> uncertain = new HashMap<>();
        for (ChaosReactor reactor : reactors) {
            totals.reactions += reactor.acknowledged().size();
            totals.reactionsUncertain += reactor.uncertain().size();
            Set<ChaosReactor.Key> unknown = reactor.uncertain();
            reactor.acknowledged().forEach((key, on) -> present.merge(key, on && !unknown.contains(key) ? 1 : 0, Integer::sum));
            unknown.forEach(key -> uncertain.merge(key, 1, Integer::sum));
        }
        Set<ChaosReactor.Key> keys = new HashSet<>(present.keySet());
        storage.forEach((chat, messages) -> messages.forEach(m -> m.reactions().keySet()
                .forEach(emoji -> keys.add(new ChaosReactor.Key(chat, m.seq(), emoji)))));
        for (ChaosReactor.Key key : keys) {
            Stored m = at(key.chatId(), key.seq());
            int stored = m == null ? 0 : m.reactions().getOrDefault(key.emoji(), 0);
            // A removed message keeps no reactions, whatever was acknowledged before its removal.
            boolean removed = m != null && m.deleted();
            int low = removed ? 0 : present.getOrDefault(key, 0);
            int high = removed ? 0 : low + uncertain.getOrDefault(key, 0);
            if (stored < low || stored > high) {
                totals.reactionsWrong++;
                totals.detail("chat " + key.chatId() + " seq " + key.seq() + " " + key.emoji() + ": storage counts " + stored
                        + ", acknowledged changes say " + (low == high ? low : low + ".." + high));
            }
        }
    }

    /** Seqs are exactly 1..last, and no (sender, client_id) is stored twice. */
    private void checkStorage() {
        storage.forEach((chat, messages) -> {
            Set<Long> seqs = new TreeSet<>();
            Map<String, Integer> byClientId = new HashMap<>();
            for (Stored m : messages) {
                if (!seqs.add(m.seq())) {
                    totals.duplicated++;
                    totals.detail("chat " + chat + ": seq " + m.seq() + " stored twice");
                }
                byClientId.merge(m.senderId() + "/" + m.clientId(), 1, Integer::sum);
            }
            long last = lastSeq(chat);
            for (long seq = 1; seq <= last; seq++) {
                if (!seqs.contains(seq)) {
                    totals.gaps++;
                    totals.detail("chat " + chat + ": no seq " + seq + " (last " + last + ")");
                }
            }
            byClientId.forEach((key, count) -> {
                if (count > 1) {
                    totals.duplicated += count - 1;
                    totals.detail("chat " + chat + ": sender/client_id " + key + " stored " + count + " times");
                }
            });
        });
    }

    /** Every ack names a stored message with that client_id; every retried send is stored exactly once. */
    private void checkAcksAndRetries(ChaosClient client) {
        totals.sent += client.sent();
        totals.resends += client.resends();
        totals.unresolved += client.unackedCount();
        if (client.unackedCount() > 0) totals.detail(client.user.username() + ": " + client.unackedCount() + " sends never acked");
        for (String anomaly : client.anomalies()) {
            totals.ackConflicts++;
            totals.detail(client.user.username() + ": " + anomaly);
        }
        client.acks().forEach((clientId, ack) -> {
            totals.acked++;
            Stored stored = at(ack.chatId(), ack.seq());
            if (stored == null || stored.senderId() != client.user.id() || !stored.clientId().equals(clientId)) {
                totals.lost++;
                totals.detail(client.user.username() + ": acked " + clientId + " as chat " + ack.chatId() + " seq " + ack.seq()
                        + " but storage has " + stored);
            }
        });
        for (String clientId : client.retried()) {
            totals.retried++;
            if (client.refused().containsKey(clientId)) continue; // refused as muted: checkRefusals checks its copies
            long stored = storage.values().stream().flatMap(List::stream)
                    .filter(m -> m.senderId() == client.user.id() && m.clientId().equals(clientId)).count();
            ChaosClient.Ack ack = client.acks().get(clientId);
            // Its own message came back in a resume replay: it was stored before the retry, so the
            // retry's ack came from deduplication (the retries that really test the promise).
            if (ack != null && client.received().get(ack.chatId()).contains(ack.seq())) totals.dedupHits++;
            if (stored != 1) {
                totals.retriedNotOnce++;
                totals.detail(client.user.username() + ": retried " + clientId + " is stored " + stored + " times");
            }
        }
    }

    /**
     * Per chat, the new_message seqs over the client's whole life rise strictly (no duplicate, no
     * step back), and with its own acks they cover 1..last.
     */
    private void checkDelivery(ChaosClient client) {
        Map<Long, Set<Long>> own = new HashMap<>();
        client.acks().values().forEach(a -> own.computeIfAbsent(a.chatId(), c -> new HashSet<>()).add(a.seq()));
        client.received().forEach((chat, seqs) -> {
            for (int i = 1; i < seqs.size(); i++) {
                if (seqs.get(i) <= seqs.get(i - 1)) {
                    totals.outOfOrder++;
                    totals.detail(client.user.username() + ": chat " + chat + " new_message seq " + seqs.get(i)
                            + " after " + seqs.get(i - 1) + " (index " + i + ")");
                }
            }
            Set<Long> have = new HashSet<>(seqs);
            have.addAll(own.getOrDefault(chat, Set.of()));
            Set<Long> before = client.seenBeforeCatchUp().getOrDefault(chat, Set.of());
            List<Long> missing = new ArrayList<>();
            List<Long> late = new ArrayList<>();
            for (long seq = 1; seq <= lastSeq(chat); seq++) {
                if (!have.contains(seq)) missing.add(seq);
                if (!before.contains(seq)) late.add(seq);
            }
            totals.missingBeforeCatchUp += late.size();
            if (!late.isEmpty() && totals.infos.size() < 20) {
                totals.infos.add(client.user.username() + ": chat " + chat + " (last " + lastSeq(chat) + ") had not received "
                        + (late.size() > 10 ? late.subList(0, 10) + "..." : late) + " before the final resume; connections "
                        + lastOf(client.connections(), 3));
            }
            if (!missing.isEmpty()) {
                totals.missing += missing.size();
                totals.detail(client.user.username() + ": chat " + chat + " never received seqs "
                        + (missing.size() > 10 ? missing.subList(0, 10) + "..." : missing));
            }
        });
    }

    /**
     * Per chat, the change numbers the client received over its whole life are exactly 1..last —
     * each once, in order, across kills and resumes, each of the kind the log has under its number —
     * none came before its message, and the reaction counts it ends up holding are storage's.
     */
    private void checkChanges(ChaosClient client) {
        String who = client.user.username();
        client.changes().forEach((chat, seen) -> {
            List<String> kinds = changeKinds.get(chat);
            long expected = 1;
            for (ChaosClient.ChangeSeen change : seen) {
                long number = change.number();
                if (number <= kinds.size() && !kinds.get((int) number - 1).equals(change.kind())) {
                    totals.changesWrongKind++;
                    totals.detail(who + ": chat " + chat + " change " + number + " came as " + change.kind()
                            + ", the log has " + kinds.get((int) number - 1));
                }
                if (number < expected) {
                    totals.changesDuplicated++;
                    totals.detail(who + ": chat " + chat + " change " + number + " again (or back) after " + (expected - 1));
                } else {
                    if (number > expected) {
                        totals.changesMissing += (int) (number - expected);
                        totals.detail(who + ": chat " + chat + " change " + number + " came after " + (expected - 1) + ": a gap");
                    }
                    expected = number + 1;
                }
            }
            long last = kinds.size();
            if (expected - 1 < last) {
                totals.changesMissing += (int) (last - (expected - 1));
                totals.detail(who + ": chat " + chat + " never received changes " + expected + ".." + last);
            }
            Map<Long, Map<String, Integer>> held = client.reactionsHeld().get(chat);
            for (Stored m : storage.get(chat)) {
                Map<String, Integer> holds = held.getOrDefault(m.seq(), Map.of());
                if (!holds.equals(m.reactions())) {
                    totals.reactionsHeldWrong++;
                    totals.detail(who + ": chat " + chat + " seq " + m.seq() + " holds reactions " + holds + ", storage " + m.reactions());
                }
            }
        });
        totals.changesAhead += client.changesAhead().size();
        client.changesAhead().forEach(ahead -> totals.detail(who + ": " + ahead));
    }

    private static List<String> lastOf(List<String> list, int n) {
        return list.subList(Math.max(0, list.size() - n), list.size());
    }

    /**
     * How long after {@code fromMs} delivery was whole again: the time until, in every chat, some
     * message sent at or after {@code fromMs} had reached every member (received as new_message,
     * or acked to its sender). -1 if some chat never got there.
     */
    static long recoveryMs(long fromMs, Map<Long, List<ChaosClient>> membersOfChat) {
        long worst = 0;
        for (Map.Entry<Long, List<ChaosClient>> chat : membersOfChat.entrySet()) {
            List<ChaosClient.Ack> candidates = new ArrayList<>();
            for (ChaosClient member : chat.getValue()) {
                member.acks().values().stream().filter(a -> a.chatId() == chat.getKey() && a.sentMs() >= fromMs).forEach(candidates::add);
            }
            candidates.sort(java.util.Comparator.comparingLong(ChaosClient.Ack::sentMs));
            long best = Long.MAX_VALUE;
            for (ChaosClient.Ack ack : candidates) {
                if (ack.sentMs() >= best) break; // a later send cannot complete earlier than it was sent
                long complete = 0;
                for (ChaosClient member : chat.getValue()) {
                    Long had = member.firstHadMs(chat.getKey(), ack.seq());
                    complete = had == null ? Long.MAX_VALUE : Math.max(complete, had);
                    if (complete == Long.MAX_VALUE) break;
                }
                best = Math.min(best, complete);
            }
            if (best == Long.MAX_VALUE) return -1;
            worst = Math.max(worst, best - fromMs);
        }
        return worst;
    }
}
