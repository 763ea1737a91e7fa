package io.vestnik.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.JsonFrameListener;
import io.vestnik.protocol.CloseCodes;
import io.vestnik.testing.Endpoint;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One user's chat client as a real one behaves: it connects with {@code ?resume=1}, sends
 * {@code resume} with the highest seq it has per chat as its first frame, keeps every send that
 * has no ack yet and re-sends those with the same {@code client_id} after each reconnect (the
 * server must deduplicate them), and reconnects with backoff (100 ms doubling to 1 s) to the next
 * endpoint whenever the socket closes or fails. It records everything the checks need: every
 * {@code new_message} seq per chat over its whole life (not deduplicated: a duplicate or a step
 * back is the server's fault and must show), every ack, and which sends were retried. The same for
 * changes (decision 0029): its {@code resume} names the last change number it has per chat, and it
 * records every change received (number and kind), any change that came before the message it
 * changes, and the reaction counts the {@code reaction} events left it holding. A send refused
 * because the user is muted in the chat is dropped, as a real client shows it to the user and
 * does not retry it; it is recorded as refused, with whether an earlier attempt of it went
 * unanswered on a connection that was lost (that attempt may still be stored: see
 * {@link ChaosVerifier}).
 */
final class ChaosClient {
    private static final HttpClient WS = HttpClient.newHttpClient();
    private static final long SEND_EVERY_MS = 200;
    /** No ack for this long on an open socket: treat the socket as dead, as a real client would. */
    private static final long ACK_TIMEOUT_MS = 8_000;
    private static final long RESUME_TIMEOUT_MS = 15_000;
    /**
     * Besides the server faults, a client may lose its network now and then (the socket is
     * aborted, as on a phone changing cells) right after a send, so that send loses its ack, and
     * clients also land on the node restarted after a crash.
     */
    static final long BLIP_EVERY_MS = 12_000;
    static final long NO_BLIPS = 0;

    /** A send waiting for its ack. */
    private static final class Pending {
        final long chatId;
        final String clientId;
        final String body;
        final long firstSentMs;
        long lastSentMs;
        long retryAtMs = Long.MAX_VALUE; // set when the server answered with an error
        boolean attemptLost; // sent on a connection that was lost before it answered

        Pending(long chatId, String clientId, String body, long now) {
            this.chatId = chatId;
            this.clientId = clientId;
            this.body = body;
            this.firstSentMs = now;
            this.lastSentMs = now;
        }
    }

    /** An acknowledged send. */
    record Ack(long chatId, long seq, long sentMs, long ackedMs) {}

    /** A change event as received: its number in the chat's change log and its kind (the frame's type). */
    record ChangeSeen(long number, String kind) {}

    final int index;
    final HttpApi.User user;
    final List<Long> chats;
    private final List<? extends Endpoint> endpoints;
    private final FaultSchedule.Clock clock;
    private final long blipEveryMs;
    private final Random random;

    // Everything below is guarded by "this".
    private final Map<Long, List<Long>> received = new HashMap<>();
    private final Map<Long, Map<Long, Long>> hadAtMs = new HashMap<>(); // chat -> seq -> first received or acked
    private final Map<String, Ack> acks = new HashMap<>();
    private final LinkedHashMap<String, Pending> unacked = new LinkedHashMap<>();
    private final Set<String> retried = new HashSet<>();
    private final Map<String, Refusal> refused = new HashMap<>(); // client_id -> refusal as muted
    private final List<Long> ackLatenciesMs = new ArrayList<>(); // last (re)send -> ack
    private final List<String> anomalies = new ArrayList<>(); // what the checks fail on
    private final List<String> notes = new ArrayList<>(); // why it reconnected: for the reader
    private final Map<Long, Set<Long>> seenBeforeCatchUp = new HashMap<>();
    private final Map<Long, List<ChangeSeen>> changes = new HashMap<>(); // chat -> changes, as received
    private final Map<Long, Map<Long, Map<String, Integer>>> reactionsHeld = new HashMap<>(); // chat -> seq -> emoji -> count
    private final List<String> changesAhead = new ArrayList<>(); // changes written before their message
    private Conn current;
    private final List<String> connections = new ArrayList<>(); // "node@ms" of every connected frame
    private int sent;
    private int resends;
    private int reconnects;
    private int errors;
    private int ackTimeouts;
    private int blips;
    private final List<Long> restartClosesMs = new ArrayList<>();
    /** client_ids that had no ack yet when a node said it was restarting (1012). */
    private final Set<String> inFlightAtRestart = new HashSet<>();
    /** From losing a socket to being resumed on the next one, per reconnect. */
    private final List<Long> interruptionsMs = new ArrayList<>();
    private boolean sending = true;
    private boolean catchUpRequested;
    private CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    private volatile boolean shutdown;
    private Thread loop;

    /** {@code blipEveryMs}: the mean time between the client's own network losses, or {@link #NO_BLIPS}. */
    ChaosClient(int index, HttpApi.User user, List<Long> chats, List<? extends Endpoint> endpoints, FaultSchedule.Clock clock,
                long blipEveryMs) {
        this.index = index;
        this.user = user;
        this.chats = List.copyOf(chats);
        this.endpoints = endpoints;
        this.clock = clock;
        this.blipEveryMs = blipEveryMs;
        this.random = new Random(index);
        for (long chat : chats) {
            received.put(chat, new ArrayList<>());
            hadAtMs.put(chat, new HashMap<>());
            changes.put(chat, new ArrayList<>());
            reactionsHeld.put(chat, new HashMap<>());
        }
    }

    void start() {
        loop = Thread.ofVirtual().name("chaos-client-" + index).start(this::run);
    }

    synchronized void stopSending() {
        sending = false;
    }

    synchronized int unackedCount() {
        return unacked.size();
    }

    /** Reconnects once more and resumes, to catch up on whatever live delivery missed. */
    CompletableFuture<Void> finalCatchUp() {
        synchronized (this) {
            received.forEach((chat, seqs) -> seenBeforeCatchUp.put(chat, new TreeSet<>(seqs)));
            acks.values().forEach(a -> seenBeforeCatchUp.get(a.chatId()).add(a.seq()));
            caughtUp = new CompletableFuture<>();
            catchUpRequested = true;
            return caughtUp;
        }
    }

    void shutdown() throws InterruptedException {
        shutdown = true;
        if (loop != null) loop.join(5_000);
        Conn conn;
        synchronized (this) {
            conn = current;
            current = null;
        }
        if (conn != null) conn.socket.abort();
    }

    // ---- results, read after shutdown ----

    synchronized Map<Long, List<Long>> received() {
        return received;
    }

    synchronized Map<String, Ack> acks() {
        return acks;
    }

    synchronized Set<String> retried() {
        return retried;
    }

    /** A send refused with {@code muted}: its chat, and whether an earlier attempt was lost unanswered. */
    record Refusal(long chatId, boolean afterLostAttempt) {}

    /** Sends refused with {@code muted}, by client_id. */
    synchronized Map<String, Refusal> refused() {
        return refused;
    }

    synchronized Map<Long, Set<Long>> seenBeforeCatchUp() {
        return seenBeforeCatchUp;
    }

    /** Per chat, every change received over the client's whole life, in arrival order. */
    synchronized Map<Long, List<ChangeSeen>> changes() {
        return changes;
    }

    /** Per chat and message, the reaction counts the last {@code reaction} event said. */
    synchronized Map<Long, Map<Long, Map<String, Integer>>> reactionsHeld() {
        return reactionsHeld;
    }

    synchronized List<String> changesAhead() {
        return changesAhead;
    }

    synchronized List<String> anomalies() {
        return anomalies;
    }

    synchronized List<Long> ackLatenciesMs() {
        return ackLatenciesMs;
    }

    /** Where and when it connected ("node-1@15234"), in order. */
    synchronized List<String> connections() {
        return connections;
    }

    synchronized List<String> notes() {
        return notes;
    }

    synchronized int sent() {
        return sent;
    }

    synchronized int resends() {
        return resends;
    }

    synchronized int reconnects() {
        return reconnects;
    }

    synchronized int errors() {
        return errors;
    }

    synchronized int blips() {
        return blips;
    }

    synchronized int ackTimeouts() {
        return ackTimeouts;
    }

    /** When a node closed this client's socket with 1012 (restarting). */
    synchronized List<Long> restartClosesMs() {
        return restartClosesMs;
    }

    synchronized Set<String> inFlightAtRestart() {
        return inFlightAtRestart;
    }

    synchronized List<Long> interruptionsMs() {
        return interruptionsMs;
    }

    /** When this client first had {@code seq} of the chat (received, or acked as its own); null if never. */
    synchronized Long firstHadMs(long chatId, long seq) {
        return hadAtMs.get(chatId).get(seq);
    }

    // ---- the connection loop ----

    private void run() {
        long backoff = 100;
        int attempt = 0;
        long lostAtMs = -1;
        while (!shutdown) {
            Endpoint node = endpoints.get((index + attempt++) % endpoints.size()); // the next node on each reconnect
            Conn conn = null;
            try {
                conn = open(node);
                conn.awaitResumed();
                backoff = 100;
                if (lostAtMs >= 0) interrupted(lostAtMs);
                lostAtMs = -1;
                boolean finalRound;
                synchronized (this) {
                    finalRound = catchUpRequested;
                    catchUpRequested = false;
                    resendAll(conn); // the dedup promise: the same client_id after every resume
                }
                if (finalRound) caughtUp.complete(null);
                serve(conn);
            } catch (Exception e) {
                if (!shutdown) note(node.name() + ": " + e.getMessage());
                if (lostAtMs < 0) lostAtMs = clock.nowMs();
            } finally {
                if (conn != null) conn.close();
            }
            boolean skipBackoff;
            synchronized (this) {
                skipBackoff = catchUpRequested;
                if (!shutdown) reconnects++;
            }
            if (shutdown) break;
            if (!skipBackoff) {
                sleep(backoff);
                backoff = Math.min(backoff * 2, 1_000);
            }
        }
    }

    private synchronized void interrupted(long lostAtMs) {
        interruptionsMs.add(clock.nowMs() - lostAtMs);
    }

    /** Sends on a resumed socket until it dies, the ack watchdog fires or a catch-up is asked for. */
    private void serve(Conn conn) throws IOException {
        long nextSend = clock.nowMs() + random.nextInt((int) SEND_EVERY_MS);
        long blipAt = blipEveryMs == NO_BLIPS ? Long.MAX_VALUE : clock.nowMs() + blipEveryMs / 2 + random.nextInt((int) blipEveryMs);
        while (!shutdown) {
            if (conn.closed.isDone()) throw new IOException("closed " + conn.closed.getNow(null));
            long now = clock.nowMs();
            synchronized (this) {
                if (catchUpRequested) return;
                for (Pending p : unacked.values()) {
                    if (p.retryAtMs <= now) resend(conn, p);
                    if (now - p.lastSentMs > ACK_TIMEOUT_MS) {
                        ackTimeouts++;
                        throw new IOException("no ack for " + p.clientId + " within " + ACK_TIMEOUT_MS + " ms");
                    }
                }
                if (sending && now >= blipAt) {
                    // The network goes just after a send (the worst moment): the send may be stored
                    // with its ack lost, so the retry after the reconnect must be deduplicated.
                    sendNew(conn, now);
                    blips++;
                    throw new IOException("network blip (client side)");
                }
                if (sending && now >= nextSend) {
                    sendNew(conn, now);
                    nextSend = now + SEND_EVERY_MS / 2 + random.nextInt((int) SEND_EVERY_MS);
                }
            }
            sleep(20);
        }
    }

    private Conn open(Endpoint first) throws Exception {
        String ticket = ticket(first);
        Conn conn = new Conn();
        try {
            conn.socket = WS.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(3))
                    .buildAsync(URI.create(first.wsUrl() + "?ticket=" + ticket + "&resume=1"), conn)
                    .get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("connect: " + e.getCause(), e.getCause());
        }
        Map<String, Long> positions = new LinkedHashMap<>();
        Map<String, Long> changed = new LinkedHashMap<>();
        synchronized (this) {
            current = conn;
            for (long chat : chats) {
                positions.put(Long.toString(chat), highestSeen(chat));
                changed.put(Long.toString(chat), changes.get(chat).stream().mapToLong(ChangeSeen::number).max().orElse(0));
            }
        }
        conn.send(Map.of("type", "resume", "positions", positions, "changes", changed));
        return conn;
    }

    /** A ticket from the endpoint we connect to, or from the next one that answers. */
    private String ticket(Endpoint preferred) {
        int start = endpoints.indexOf(preferred);
        RuntimeException last = null;
        for (int i = 0; i < endpoints.size(); i++) {
            try {
                HttpApi.Response r = endpoints.get((start + i) % endpoints.size()).http().post("/api/v1/ws-ticket", user.token(), null);
                if (r.status() == 200) return r.json().path("ticket").asText();
                last = new IllegalStateException("ticket: " + r.status() + " " + r.text());
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw last;
    }

    /** The highest seq of the chat this client has, received or acked. */
    synchronized long highestSeen(long chat) {
        long max = 0;
        for (long seq : received.get(chat)) max = Math.max(max, seq);
        for (Ack ack : acks.values()) if (ack.chatId() == chat) max = Math.max(max, ack.seq());
        return max;
    }

    private void sendNew(Conn conn, long now) {
        long chat = chats.get(random.nextInt(chats.size()));
        String clientId = user.username() + "-" + (++sent);
        Pending p = new Pending(chat, clientId, "chaos " + clientId, now);
        unacked.put(clientId, p); // before the frame goes out, so the ack cannot race it
        conn.send(sendFrame(p));
    }

    private void resendAll(Conn conn) {
        for (Pending p : unacked.values()) {
            p.attemptLost = true;
            resend(conn, p);
        }
    }

    private void resend(Conn conn, Pending p) {
        retried.add(p.clientId);
        resends++;
        p.lastSentMs = clock.nowMs();
        p.retryAtMs = Long.MAX_VALUE;
        conn.send(sendFrame(p));
    }

    /**
     * Every fourth send is a reply in the thread of the chat's first message (seq 1, which
     * {@link ChaosRun} stores before the load), every eighth also shown in the chat: replies take
     * the chat's seqs like any message, and each moves the root's summary, a {@code thread_updated}
     * change.
     */
    private static Map<String, Object> sendFrame(Pending p) {
        long n = Long.parseLong(p.clientId.substring(p.clientId.lastIndexOf('-') + 1));
        if (n % 4 != 0) return Map.of("type", "send", "chat_id", p.chatId, "client_id", p.clientId, "body", p.body);
        return Map.of("type", "send", "chat_id", p.chatId, "client_id", p.clientId, "body", p.body,
                "thread_root_seq", ChaosRun.THREAD_ROOT_SEQ, "shown_in_chat", n % 8 == 0);
    }

    private synchronized void onFrame(Conn conn, JsonNode frame) {
        if (conn != current) return; // a socket we gave up on: a real client ignores it
        long now = clock.nowMs();
        switch (frame.path("type").asText()) {
            case "new_message" -> {
                long chat = frame.path("chat_id").asLong();
                long seq = frame.path("message").path("seq").asLong();
                List<Long> seqs = received.get(chat);
                if (seqs == null) {
                    anomalies.add("new_message of chat " + chat + " the user is not in");
                    return;
                }
                seqs.add(seq);
                hadAtMs.get(chat).putIfAbsent(seq, now);
            }
            case "ack" -> {
                String clientId = frame.path("client_id").asText();
                JsonNode message = frame.path("message");
                Pending p = unacked.remove(clientId);
                if (p != null) ackLatenciesMs.add(now - p.lastSentMs);
                Ack ack = new Ack(message.path("chat_id").asLong(), message.path("seq").asLong(),
                        p != null ? p.firstSentMs : -1, now);
                Ack earlier = acks.putIfAbsent(clientId, ack);
                Map<Long, Long> had = hadAtMs.get(ack.chatId());
                if (had != null) had.merge(ack.seq(), now, Math::min);
                if (earlier != null && earlier.seq() != ack.seq()) {
                    anomalies.add("client_id " + clientId + " acked as seq " + earlier.seq() + " and " + ack.seq());
                }
            }
            case "resumed" -> conn.resumed.complete(null);
            case "connected" -> connections.add(frame.path("server_id").asText() + "@" + now);
            case "error" -> {
                errors++;
                Pending p = unacked.get(frame.path("client_id").asText(""));
                if (p != null && frame.path("error").asText().equals("muted")) {
                    unacked.remove(p.clientId);
                    refused.put(p.clientId, new Refusal(p.chatId, p.attemptLost));
                } else if (p != null) {
                    p.retryAtMs = now + 500; // a real client retries a failed send after a pause
                } else {
                    note("error " + frame);
                }
            }
            default -> {
                // Whatever its kind, an event with a change number is an entry of the chat's change
                // log; the rest (presence, typing, chat_updated, ...) is not what is checked here.
                if (frame.has("change")) changed(frame);
            }
        }
    }

    /** A change: its number and kind, whether its message came first, and the reaction counts it leaves. */
    private void changed(JsonNode frame) {
        long chat = frame.path("chat_id").asLong();
        long seq = frame.path("seq").asLong();
        List<ChangeSeen> seen = changes.get(chat);
        if (seen == null) {
            anomalies.add("a change of chat " + chat + " the user is not in");
            return;
        }
        seen.add(new ChangeSeen(frame.path("change").asLong(), frame.path("type").asText()));
        boolean ownInFlight = unacked.values().stream().anyMatch(p -> p.chatId == chat); // its ack may take the place
        if (seq > 0 && !hadAtMs.get(chat).containsKey(seq) && !ownInFlight) {
            changesAhead.add("chat " + chat + " change " + frame.path("change").asLong() + " to seq " + seq + " before the message");
        }
        switch (frame.path("type").asText()) {
            case "reaction" -> {
                Map<String, Integer> counts = new HashMap<>();
                frame.path("reactions").forEach(r -> counts.put(r.path("emoji").asText(), r.path("count").asInt()));
                reactionsHeld.get(chat).put(seq, counts);
            }
            case "message_deleted" -> reactionsHeld.get(chat).remove(seq);
            default -> { }
        }
    }

    /** The node asked us to reconnect elsewhere: what had no ack yet was in flight during its drain. */
    private synchronized void restarting(Conn conn) {
        if (conn != current) return;
        restartClosesMs.add(clock.nowMs());
        inFlightAtRestart.addAll(unacked.keySet());
    }

    private synchronized void note(String why) {
        if (notes.size() < 200) notes.add(String.format("%d ms %s: %s", clock.nowMs(), user.username(), why));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One socket: hands whole text frames to the client and serialises outgoing frames. */
    private final class Conn extends JsonFrameListener {
        final CompletableFuture<Void> resumed = new CompletableFuture<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
        WebSocket socket;

        /** java.net.http allows one outstanding send per socket, so frames queue behind each other. */
        synchronized void send(Object frame) {
            String text;
            try {
                text = HttpApi.JSON.writeValueAsString(frame);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            tail = tail.handle((ok, failed) -> null).thenCompose(x -> socket.sendText(text, true))
                    .whenComplete((ok, failed) -> {
                        if (failed != null) closed.complete("send failed: " + failed);
                    });
        }

        void awaitResumed() throws Exception {
            CompletableFuture.anyOf(resumed, closed).get(RESUME_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (!resumed.isDone()) throw new IOException("closed before resumed: " + closed.getNow(null));
        }

        void close() {
            synchronized (ChaosClient.this) {
                if (current == this) current = null;
            }
            if (socket != null) socket.abort();
        }

        @Override
        protected void onJson(JsonNode frame) {
            onFrame(this, frame);
        }

        @Override
        protected void onNotJson(String text, IOException failure) {
            note("a frame that is not JSON: " + text);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (statusCode == CloseCodes.RESTARTING) restarting(this);
            closed.complete("close " + statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete("error " + error);
        }
    }
}
