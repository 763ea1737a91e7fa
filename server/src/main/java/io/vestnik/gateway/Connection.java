package io.vestnik.gateway;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vestnik.auth.Principal;
import io.vestnik.broker.Envelope;
import io.vestnik.broker.Subscriber;
import io.vestnik.broker.Topics;
import io.vestnik.domain.Message;
import io.vestnik.protocol.CloseCodes;
import io.vestnik.protocol.Json;
import io.vestnik.protocol.ServerEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One client's WebSocket. Everything about it runs on its event loop ({@link #context}): frames
 * in, events out, its chat streams. Envelopes arrive on broker threads and hop over.
 *
 * <p>Client frames are handled one after another, in the order sent, so a client's sends to a
 * chat are stored in the order it sent them.
 */
final class Connection implements Subscriber {
    /**
     * How many frames may wait for handling; past it the socket is not read until half are done,
     * so a fast client is slowed down by TCP rather than buffered without bound.
     */
    static final int MAX_QUEUED_FRAMES = 64;

    private final String id;
    private final ServerWebSocket socket;
    private final Context context;
    private final Principal principal;
    private final Gateway gateway;
    private final ChatStreams streams;
    private final Set<String> topics = new HashSet<>();
    /** "chatId:clientId" of sends handed to storage and not yet acked. */
    private final Set<String> unacked = new HashSet<>();
    private volatile long lastHeardMillis = System.currentTimeMillis();
    private volatile long lastPingMillis = System.currentTimeMillis();
    private Future<Void> tail = Future.succeededFuture();
    private int queuedFrames;
    private boolean readingPaused;
    /** Live messages held until the client's positions are known; null once released. */
    private List<Envelope> held = new ArrayList<>();
    /**
     * Live new_message envelopes held for a client that said at connect it will resume: they are
     * merged into the replay, so nothing reaches it before its own position. Null when not held.
     */
    private List<Envelope> awaitingResume;
    private boolean closed;
    /** A close was asked for: nothing more is written behind the close frame. */
    private boolean closing;

    /** Most live messages held for a client that said it will resume; past it they flow (bounded memory). */
    static final int MAX_HELD_FOR_RESUME = 10_000;

    Connection(String id, ServerWebSocket socket, Context context, Principal principal, Gateway gateway,
               boolean willResume) {
        this.awaitingResume = willResume ? new ArrayList<>() : null;
        this.id = id;
        this.socket = socket;
        this.context = context;
        this.principal = principal;
        this.gateway = gateway;
        socket.setWriteQueueMaxSize(gateway.config().maxQueuedBytes());
        this.streams = new ChatStreams(this::writeMessage, gateway::fetchAfter, gateway::newMessageFrame, this::awaitingAck);
    }

    @Override
    public String id() {
        return id;
    }

    Principal principal() {
        return principal;
    }

    Context context() {
        return context;
    }

    ChatStreams streams() {
        return streams;
    }

    long lastHeardMillis() {
        return lastHeardMillis;
    }

    long lastPingMillis() {
        return lastPingMillis;
    }

    void heard() {
        lastHeardMillis = System.currentTimeMillis();
    }

    void ping() {
        lastPingMillis = System.currentTimeMillis();
        context.runOnContext(ignored -> {
            if (!closed) socket.writePing(io.vertx.core.buffer.Buffer.buffer());
        });
    }

    /** Subscribes to the user's own topic and their chats' topics; completes when all are live. */
    CompletableFuture<Void> subscribe(List<Long> chatIds) {
        List<CompletableFuture<Void>> live = new ArrayList<>();
        live.add(join(Topics.user(principal.userId())));
        for (long chatId : chatIds) live.add(join(Topics.chat(chatId)));
        return CompletableFuture.allOf(live.toArray(CompletableFuture[]::new));
    }

    /** Called once the chats' positions at connect are known: live messages above them flow from now on. */
    void release(java.util.Map<Long, Long> positions) {
        positions.forEach(streams::track);
        List<Envelope> waiting = held;
        held = null;
        if (waiting != null) waiting.forEach(this::deliver);
    }

    @Override
    public void receive(Envelope envelope) {
        switch (envelope.kind()) {
            case JOINED_CHAT -> {
                long position = Long.parseLong(envelope.payload());
                context.runOnContext(ignored -> streams.track(envelope.chatId(), position));
                // What was sent between joining and the subscription going live comes from storage.
                join(Topics.chat(envelope.chatId())).whenComplete((live, failure) ->
                        context.runOnContext(ignored -> streams.catchUp(envelope.chatId())));
            }
            case LEFT_CHAT -> {
                leave(Topics.chat(envelope.chatId()));
                context.runOnContext(ignored -> streams.forget(envelope.chatId()));
            }
            case EVENT -> context.runOnContext(ignored -> deliver(envelope));
            case SESSION_REVOKED -> { }
        }
    }

    @Override
    public void catchUp() {
        context.runOnContext(ignored -> streams.catchUpAll());
    }

    private void deliver(Envelope envelope) {
        if (closed) return;
        if (held != null) {
            held.add(envelope);
        } else if (envelope.seq() == 0) {
            write(envelope.payload());
        } else if (awaitingResume != null) {
            awaitingResume.add(envelope);
            if (awaitingResume.size() >= MAX_HELD_FOR_RESUME) stopAwaitingResume();
        } else {
            streams.onLive(envelope.chatId(), envelope.seq(), envelope.payload(), envelope.publishedAtMillis());
        }
    }

    /**
     * Lets held live messages through: called right after a resume set the chats' positions (so
     * they merge into the replay in seq order), or when the client never sent one in time.
     */
    void stopAwaitingResume() {
        List<Envelope> waiting = awaitingResume;
        awaitingResume = null;
        if (waiting != null) waiting.forEach(this::deliver);
    }

    private void writeMessage(long chatId, long seq, String frame, long publishedAtMillis) {
        if (!write(frame) || publishedAtMillis == ChatStreams.ACK) return;
        gateway.metrics().delivered(publishedAtMillis);
        gateway.deliveries().record(chatId, principal.userId(), seq);
    }

    /**
     * Writes a frame unless the socket is closed. A client that lets more than the outbound bound
     * pile up is closed (4009) rather than buffered without limit: memory stays bounded however
     * many readers stall, and the client recovers everything through resume.
     */
    private boolean write(String frame) {
        if (closed || closing) return false;
        socket.writeTextMessage(frame);
        if (socket.writeQueueFull()) {
            gateway.metrics().slowConsumer();
            close(CloseCodes.SLOW_CONSUMER, "Reading too slowly; reconnect and resume");
        }
        return true;
    }

    void sending(long chatId, String clientId) {
        unacked.add(chatId + ":" + clientId);
    }

    void acked(long chatId, String clientId) {
        unacked.remove(chatId + ":" + clientId);
    }

    private boolean awaitingAck(Message message) {
        return message.senderId() == principal.userId() && unacked.contains(message.chatId() + ":" + message.clientId());
    }

    void send(ServerEvent event) {
        if (!closed) write(Json.write(event));
    }

    /** Queues a frame behind the ones before it. */
    void enqueue(java.util.function.Supplier<Future<Void>> handling) {
        if (++queuedFrames >= MAX_QUEUED_FRAMES && !readingPaused) {
            readingPaused = true;
            socket.pause();
        }
        tail = tail.transform(ignored -> handling.get()).andThen(ignored -> frameDone());
    }

    private void frameDone() {
        if (--queuedFrames <= MAX_QUEUED_FRAMES / 2 && readingPaused) {
            readingPaused = false;
            socket.resume();
        }
    }

    void close(int code, String reason) {
        if (closed || closing) return;
        closing = true;
        socket.close((short) code, reason);
    }

    /** Called once when the socket has closed, whoever closed it. */
    void closed() {
        closed = true;
        synchronized (topics) {
            for (String topic : topics) gateway.router().leave(topic, this);
            topics.clear();
        }
    }

    boolean isClosed() {
        return closed;
    }

    private CompletableFuture<Void> join(String topic) {
        synchronized (topics) {
            if (!topics.add(topic)) return CompletableFuture.completedFuture(null);
            return gateway.router().join(topic, this).toCompletableFuture();
        }
    }

    private void leave(String topic) {
        synchronized (topics) {
            if (topics.remove(topic)) gateway.router().leave(topic, this);
        }
    }
}
