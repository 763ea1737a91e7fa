package io.vestnik.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A user's live connection: ticket → {@code /ws?ticket=…&resume=1} → {@code resume} with the
 * positions it holds → live. The promise it keeps, per chat: every message once, in seq order,
 * with no gap, across reconnects and node restarts ({@link ChatStream}); and every change to a
 * chat (an event with a {@code change} number: edit, deletion, reaction, pin) once, in the chat's
 * change order, the missed ones replayed by {@code resume} from {@link #changes()}. Reconnects with
 * exponential backoff and full jitter (cap 30 s); at once after 1012 (node restarting), 4009 (slow
 * consumer) and 4001 (re-auth: the {@link TokenSource} is asked again; a refused credential stops
 * it with {@link Listener#onAuthLost}). Sends are optimistic: kept and re-sent with their
 * {@code client_id} until acknowledged. Edits, deletions, pins and history pages are the user's
 * HTTP calls, made once each (no retry), whether or not the socket is live; their futures complete
 * on an HTTP client thread, and their effects come back to listeners through the live stream.
 *
 * <p>Threads: all state lives on one thread of its own; public methods may be called from any
 * thread and return at once; listeners run on the builder's executor, one at a time, in order.
 */
public final class LiveConnection implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LiveConnection.class.getName());
    private static final Set<Integer> RECONNECT_AT_ONCE = Set.of(1012, 4009, 4001);
    private static final Duration FETCH_RETRY = Duration.ofSeconds(1);

    private final ScheduledExecutorService loop;
    private final Executor callbacks;
    private final ExecutorService ownedCallbacks;
    private final HttpClient client;
    private final Http http;
    private final UserCalls calls;
    private final Listener listener;
    private final Backoff backoff;
    private final Duration pingInterval;
    private final ChatStreams streams;
    private final Outbox outbox = new Outbox();
    private final CompletableFuture<Void> firstLive = new CompletableFuture<>();

    // Touched on the loop thread only.
    private Socket socket;
    private boolean live;
    private boolean closed;
    private int generation;
    private int attempt;
    private long lastHeardNanos;
    private long notificationSeq;
    private ScheduledFuture<?> retry;
    private ScheduledFuture<?> heartbeat;

    private volatile ConnectionState state = ConnectionState.IDLE;
    private volatile long userId;
    /** The last change number applied per chat (decision 0029); confined to the loop. */
    private final Map<Long, Long> changes = new HashMap<>();

    private LiveConnection(Builder builder) {
        loop = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("vestnik-client").factory());
        ownedCallbacks = builder.executor == null ? Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("vestnik-listener").factory()) : null;
        callbacks = new SerialExecutor(builder.executor == null ? ownedCallbacks : builder.executor);
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        http = new Http(client, URI.create(builder.baseUrl), builder.tokens::token);
        calls = new UserCalls(http);
        listener = builder.listener;
        backoff = builder.backoff;
        pingInterval = builder.pingInterval;
        notificationSeq = builder.notificationsAfter;
        streams = new ChatStreams(new HttpHistory(http), message -> dispatch(() -> listener.onMessage(message)),
                this::fillLater);
        builder.positions.forEach(streams::track);
        changes.putAll(builder.changes);
    }

    public static Builder builder(String baseUrl, TokenSource tokens) {
        return new Builder(baseUrl, tokens);
    }

    /** Opens the connection; completes when it is first live (then kept live until {@link #close()}). */
    public CompletableFuture<Void> connect() {
        if (!onLoop(this::open)) return CompletableFuture.failedFuture(VestnikException.closed());
        return firstLive;
    }

    public ConnectionState state() {
        return state;
    }

    /** The user's Vestnik id, once connected (0 before). */
    public long userId() {
        return userId;
    }

    /** Sends with a fresh {@code client_id}; completes with the stored message once acknowledged. */
    public CompletableFuture<Message> send(long chatId, String body) {
        return send(chatId, "j-" + UUID.randomUUID(), body);
    }

    public CompletableFuture<Message> send(long chatId, String clientId, String body) {
        return send(chatId, clientId, Draft.text(body));
    }

    /** Sends files, a reply or a forward ({@link Draft}) with a fresh {@code client_id}, as {@link #send(long, String)}. */
    public CompletableFuture<Message> send(long chatId, Draft draft) {
        return send(chatId, "j-" + UUID.randomUUID(), draft);
    }

    /**
     * Sends {@code draft} under {@code clientId}: queued, sent on every live socket until
     * acknowledged, stored once whatever the retries; completes with the stored message.
     */
    public CompletableFuture<Message> send(long chatId, String clientId, Draft draft) {
        return queue(chatId, clientId, draft.fields());
    }

    /**
     * Sends a reply in the thread of message {@code rootSeq} (of its root, when it is a reply),
     * also shown in the chat's own history when {@code shownInChat}; as {@link #send} otherwise.
     */
    public CompletableFuture<Message> sendInThread(long chatId, long rootSeq, String body, boolean shownInChat) {
        return queue(chatId, "j-" + UUID.randomUUID(), Map.of("body", body, "thread_root_seq", rootSeq, "shown_in_chat", shownInChat));
    }

    private CompletableFuture<Message> queue(long chatId, String clientId, Map<String, Object> fields) {
        CompletableFuture<Message> stored = new CompletableFuture<>();
        boolean queued = onLoop(() -> {
            if (closed) stored.completeExceptionally(VestnikException.closed());
            else outbox.add(chatId, clientId, fields, stored);
            if (live) outbox.flush(socket, generation);
        });
        if (!queued) stored.completeExceptionally(VestnikException.closed());
        return stored;
    }

    /** Shows or clears "typing" in a chat (while live, else nothing; the server clears it by itself after a few seconds). */
    public void typing(long chatId, boolean isTyping) {
        whenLive(() -> socket.send(Map.of("type", "typing", "chat_id", chatId, "is_typing", isTyping)));
    }

    /**
     * Adds ({@code added}) or removes the user's {@code emoji} on message {@code seq} (while live,
     * else nothing); idempotent. Every member's connections, this one included, get a
     * {@code reaction} event ({@link Listener#onEvent}); a refusal comes to {@link Listener#onError}.
     */
    public void react(long chatId, long seq, String emoji, boolean added) {
        whenLive(() -> socket.send(Map.of("type", "reaction", "chat_id", chatId, "seq", seq, "emoji", emoji, "added", added)));
    }

    /** Moves the user's read position in a chat forward to {@code seq} (while live, else nothing). */
    public void markRead(long chatId, long seq) {
        whenLive(() -> socket.send(Map.of("type", "mark_read", "chat_id", chatId, "seq", seq)));
    }

    /**
     * Edits the user's own message to {@code body}; completes with the edited message. Every
     * member's connection, this one included, then gets it through {@link Listener#onMessageUpdated}.
     * 403 when the user is not its sender, 404 for no such live message, 409 {@code stream_state}
     * while it is streaming.
     */
    public CompletableFuture<Message> edit(long chatId, long seq, String body) {
        return whenOpen(() -> calls.edit(chatId, seq, body));
    }

    /**
     * Deletes a message (the user's own, or any in a group they own or administer), leaving a
     * tombstone; members' connections get {@code message_deleted} ({@link Listener#onEvent}).
     */
    public CompletableFuture<Void> delete(long chatId, long seq) {
        return whenOpen(() -> calls.delete(chatId, seq));
    }

    /** Pins a live message (any member; pinning it again changes nothing); members get {@code message_pinned}. */
    public CompletableFuture<Void> pin(long chatId, long seq) {
        return whenOpen(() -> calls.pin(chatId, seq));
    }

    /** Unpins a message; members get {@code message_pinned} with {@code pinned: false}; 404 when it is not pinned. */
    public CompletableFuture<Void> unpin(long chatId, long seq) {
        return whenOpen(() -> calls.unpin(chatId, seq));
    }

    /**
     * Uploads a file (raw bytes; {@code contentType} may be null: the server decides the type from
     * the bytes, never the name) to send in a {@link Draft#files}. Sent once, not retried: a repeat
     * would store a second file against the user's quota. 413 past the size limit or quota, 415 for
     * a refused type.
     */
    public CompletableFuture<Attachment> upload(String name, String contentType, byte[] bytes) {
        return whenOpen(() -> calls.upload(name, contentType, bytes));
    }

    /** The chat's newest {@code limit} messages (1–500), ascending: {@link #history(long, long, int)} from the end. */
    public CompletableFuture<HistoryPage> history(long chatId, int limit) {
        return whenOpen(() -> calls.history(chatId, null, limit));
    }

    /**
     * A page of the chat's own history: up to {@code limit} (1–500) seqs below {@code beforeSeq},
     * ascending; the next older page is before {@link HistoryPage#lowestSeq}, while
     * {@link HistoryPage#hasMore}. Thread replies kept in their thread are left out, and messages of
     * senders the user blocks are only {@link HistoryPage#hiddenSeqs}, so seqs may have holes and a
     * page may show none. Does not touch the live stream ({@link Listener#onMessage}).
     */
    public CompletableFuture<HistoryPage> history(long chatId, long beforeSeq, int limit) {
        return whenOpen(() -> calls.history(chatId, beforeSeq, limit));
    }

    /** Emits chat {@code chatId}'s messages after {@code afterSeq} from now on, fetching the stored ones first. */
    public void track(long chatId, long afterSeq) {
        onLoop(() -> {
            if (streams.track(chatId, afterSeq) && live) streams.catchUp(chatId);
        });
    }

    /**
     * {@code {chat_id: last seq emitted}}: keep it to start a later connection where this one
     * stopped ({@link Builder#position}). After {@link #close()} returns, the final positions.
     */
    public Map<Long, Long> positions() {
        Map<String, Long> positions;
        try {
            positions = CompletableFuture.supplyAsync(streams::positions, loop).join();
        } catch (RejectedExecutionException closedAlready) {
            positions = streams.positions(); // the loop has stopped: nothing changes them any more
        }
        return positions.entrySet().stream().collect(Collectors.toMap(e -> Long.parseLong(e.getKey()), Map.Entry::getValue));
    }

    /**
     * {@code {chat_id: last change number applied}}: keep it with {@link #positions()} to resume a
     * later connection's changes where this one stopped ({@link Builder#changesAfter}).
     */
    public Map<Long, Long> changes() {
        try {
            return CompletableFuture.supplyAsync(() -> Map.copyOf(changes), loop).join();
        } catch (RejectedExecutionException closedAlready) {
            return Map.copyOf(changes); // the loop has stopped: nothing changes them any more
        }
    }

    /** Closes the socket and releases every thread; sends still waiting fail with code {@code closed}. */
    @Override
    public void close() {
        boolean first = onLoop(() -> {
            closed = true;
            cancelTimers();
            if (socket != null) socket.close();
            socket = null;
            outbox.failAll(VestnikException.closed());
            firstLive.completeExceptionally(VestnikException.closed());
            setState(ConnectionState.CLOSED);
        });
        if (!first) return;
        loop.shutdown();
        awaitQuietly(loop);
        client.close();
        if (ownedCallbacks != null) {
            ownedCallbacks.shutdown();
            awaitQuietly(ownedCallbacks);
        }
    }

    // --- the socket's life ---------------------------------------------------------------

    private void open() {
        if (closed || socket != null) return;
        setState(ConnectionState.CONNECTING);
        String ticket;
        try {
            ticket = http.call("POST", "/api/v1/ws-ticket", null).path("ticket").asText();
        } catch (VestnikException e) {
            if (e.status() == 401) authLost(e);
            else reconnectLater(false, e.retryAfterSeconds());
            return;
        }
        socket = new Socket(loop, new SocketEvents());
        socket.open(client, wsUri(ticket));
    }

    private URI wsUri(String ticket) {
        URI base = http.base();
        String scheme = "https".equals(base.getScheme()) ? "wss" : "ws";
        return URI.create(scheme + "://" + base.getRawAuthority() + "/ws?resume=1&ticket=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8));
    }

    private final class SocketEvents implements Socket.Events {
        @Override
        public void frame(Socket from, JsonNode frame) {
            if (from != socket || closed) return;
            lastHeardNanos = System.nanoTime();
            received(frame);
        }

        @Override
        public void closed(Socket from, int code) {
            socketClosed(from, code);
        }
    }

    private void socketClosed(Socket from, int code) {
        if (from != socket) return;
        socket = null;
        live = false;
        if (heartbeat != null) heartbeat.cancel(false);
        if (!closed) reconnectLater(RECONNECT_AT_ONCE.contains(code), null);
    }

    private void received(JsonNode frame) {
        if (!firstTime(frame)) return;
        switch (frame.path("type").asText()) {
            case "connected" -> connected(frame);
            case "resumed" -> becomeLive();
            case "new_message" -> streams.accept(Json.convert(frame.path("message"), Message.class));
            case "message_hidden" -> streams.pass(frame.path("chat_id").asLong(), frame.path("seq").asLong());
            case "ack" -> acked(frame);
            case "error" -> failed(frame);
            case "message_delta" -> dispatch(() -> listener.onDelta(Json.convert(frame, Delta.class)));
            case "message_updated" -> dispatch(() -> listener.onMessageUpdated(Json.convert(frame.path("message"), Message.class)));
            case "notification" -> notification(Json.convert(frame.path("notification"), Notification.class));
            case "pong" -> { }
            default -> other(frame);
        }
    }

    /**
     * False for a change (an event with a {@code change} number) applied already: it came again
     * after a reconnect, and is dropped. Every other frame, and a new change, is true.
     */
    private boolean firstTime(JsonNode frame) {
        if (!frame.path("change").canConvertToExactIntegral()) return true;
        long chatId = frame.path("chat_id").asLong();
        long number = frame.path("change").asLong();
        if (number <= changes.getOrDefault(chatId, 0L)) return false;
        changes.put(chatId, number);
        return true;
    }

    private void connected(JsonNode frame) {
        userId = frame.path("user_id").asLong();
        sendResume();
    }

    private void sendResume() {
        Map<String, Object> positions = new HashMap<>(streams.positions());
        if (notificationSeq > 0) positions.put("notifications", notificationSeq);
        Map<String, Long> changed = new HashMap<>();
        changes.forEach((chatId, number) -> changed.put(Long.toString(chatId), number));
        socket.send(Map.of("type", "resume", "positions", positions, "changes", changed));
    }

    private void becomeLive() {
        live = true;
        attempt = 0;
        generation++;
        setState(ConnectionState.LIVE);
        outbox.flush(socket, generation);
        startHeartbeat();
        firstLive.complete(null);
    }

    /** The sending socket gets the {@code ack} in its seq's place instead of the {@code new_message}. */
    private void acked(JsonNode frame) {
        Message message = Json.convert(frame.path("message"), Message.class);
        streams.accept(message);
        outbox.acked(frame.path("client_id").asText(), message);
    }

    private void failed(JsonNode frame) {
        JsonNode retryAfter = frame.path("retry_after");
        VestnikException error = new VestnikException(0, frame.path("error").asText(), frame.path("message").asText(),
                retryAfter.isNumber() ? retryAfter.asInt() : null);
        if (frame.hasNonNull("client_id")) {
            outbox.failed(frame.path("client_id").asText(), error);
            if (error.retryable()) resendLater(error);
        } else if (!live && "not_found".equals(error.code())) {
            pruneChats();
            sendResume();
        } else {
            dispatch(() -> listener.onError(error));
        }
    }

    private void notification(Notification notification) {
        if (notification.seq() <= notificationSeq) return;
        notificationSeq = notification.seq();
        dispatch(() -> listener.onNotification(notification));
    }

    /** Joined a chat: its stream starts where the chat stood; left: it is no longer resumed. */
    private void other(JsonNode frame) {
        String type = frame.path("type").asText();
        if (type.equals("chat_updated")) {
            Chat chat = Json.convert(frame.path("chat"), Chat.class);
            if (chat.hasMember(userId)) {
                streams.track(chat.id(), chat.lastSeq());
            } else {
                streams.forget(chat.id());
                changes.remove(chat.id());
            }
        }
        dispatch(() -> listener.onEvent(type, frame));
    }

    /** {@code resume} named a chat the user is no longer in: forget the chats that answer 404. */
    private void pruneChats() {
        for (long chatId : streams.chatIds()) {
            try {
                http.call("GET", "/api/v1/chats/" + chatId, null);
            } catch (VestnikException e) {
                if ("not_found".equals(e.code())) {
                    streams.forget(chatId);
                    changes.remove(chatId);
                }
            }
        }
    }

    // --- timers ----------------------------------------------------------------------------

    private void reconnectLater(boolean atOnce, Integer retryAfterSeconds) {
        setState(ConnectionState.RECONNECTING);
        Duration delay = atOnce && attempt == 0 ? Duration.ZERO : backoff.delay(attempt, retryAfterSeconds);
        attempt++;
        retry = loop.schedule(this::open, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void resendLater(VestnikException error) {
        Duration delay = backoff.delay(0, error.retryAfterSeconds());
        loop.schedule(() -> whenLiveNow(() -> outbox.flush(socket, generation)), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Pings every interval; a socket silent for two intervals is dead, whatever TCP thinks. */
    private void startHeartbeat() {
        long interval = pingInterval.toMillis();
        heartbeat = loop.scheduleAtFixedRate(() -> {
            Socket current = socket;
            if (current == null) return;
            if (System.nanoTime() - lastHeardNanos > TimeUnit.MILLISECONDS.toNanos(2 * interval)) {
                current.abort();
                socketClosed(current, 4000);
            } else {
                current.send(Map.of("type", "ping"));
            }
        }, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** A history fetch failed: the stream keeps what it holds and fetches again after a pause. */
    private void fillLater(ChatStream stream) {
        loop.schedule(() -> streams.fill(stream), FETCH_RETRY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancelTimers() {
        if (retry != null) retry.cancel(false);
        if (heartbeat != null) heartbeat.cancel(false);
    }

    // --- helpers ---------------------------------------------------------------------------

    private void authLost(VestnikException error) {
        closed = true;
        cancelTimers();
        outbox.failAll(error);
        firstLive.completeExceptionally(error);
        setState(ConnectionState.SIGNED_OUT);
        dispatch(() -> listener.onAuthLost(error));
    }

    /** A user's HTTP call; once the connection is closed, a future failed with code {@code closed}. */
    private <T> CompletableFuture<T> whenOpen(Supplier<CompletableFuture<T>> call) {
        return loop.isShutdown() ? CompletableFuture.failedFuture(VestnikException.closed()) : call.get();
    }

    private void whenLive(Runnable action) {
        onLoop(() -> whenLiveNow(action));
    }

    /** Runs {@code task} on the connection's thread; false once the connection is closed. */
    private boolean onLoop(Runnable task) {
        try {
            loop.execute(task);
            return true;
        } catch (RejectedExecutionException closedAlready) {
            return false;
        }
    }

    private void whenLiveNow(Runnable action) {
        if (live && !closed) action.run();
    }

    private void setState(ConnectionState next) {
        if (state == next) return;
        state = next;
        dispatch(() -> listener.onStateChange(next));
    }

    private void dispatch(Runnable call) {
        callbacks.execute(call);
    }

    private static void awaitQuietly(ExecutorService executor) {
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) LOG.log(System.Logger.Level.WARNING, "Vestnik client thread did not stop");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How a {@link LiveConnection} is made: {@code builder(url, tokens).listener(...).build().connect()}. */
    public static final class Builder {
        private final String baseUrl;
        private final TokenSource tokens;
        private final Map<Long, Long> positions = new HashMap<>();
        private final Map<Long, Long> changes = new HashMap<>();
        private Listener listener = new Listener() {};
        private Executor executor;
        private Backoff backoff = Backoff.DEFAULT;
        private Duration pingInterval = Duration.ofSeconds(25);
        private long notificationsAfter;

        private Builder(String baseUrl, TokenSource tokens) {
            this.baseUrl = baseUrl;
            this.tokens = tokens;
        }

        public Builder listener(Listener listener) {
            this.listener = listener;
            return this;
        }

        /** Where listeners run (one at a time, in order, whatever the executor); default: a thread of the connection's own. */
        public Builder executor(Executor executor) {
            this.executor = executor;
            return this;
        }

        /** Resumes chat {@code chatId} after {@code seq} (a position kept from an earlier connection). */
        public Builder position(long chatId, long seq) {
            positions.put(chatId, seq);
            return this;
        }

        /**
         * Resumes chat {@code chatId}'s changes (edits, deletions, reactions, pins) after change
         * {@code number} (kept from an earlier connection's {@link LiveConnection#changes()});
         * without it the chat's changes are delivered from the first one seen live.
         */
        public Builder changesAfter(long chatId, long number) {
            changes.put(chatId, number);
            return this;
        }

        /** Resumes notifications after {@code seq}; without it they are delivered from the first one seen live. */
        public Builder notificationsAfter(long seq) {
            this.notificationsAfter = seq;
            return this;
        }

        /** Reconnect delays: full jitter in [0, min(cap, base · 2^attempt)); default 500 ms, 30 s. */
        public Builder backoff(Duration base, Duration cap) {
            this.backoff = new Backoff(base, cap);
            return this;
        }

        public Builder pingInterval(Duration interval) {
            this.pingInterval = interval;
            return this;
        }

        public LiveConnection build() {
            return new LiveConnection(this);
        }
    }
}
