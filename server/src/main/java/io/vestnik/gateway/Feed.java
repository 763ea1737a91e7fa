package io.vestnik.gateway;

import io.vertx.core.Context;
import io.vestnik.broker.Envelope;
import io.vestnik.broker.Subscriber;
import io.vestnik.broker.Topics;
import io.vestnik.domain.Message;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * One client's live events on this node, whatever carries them (WebSocket, SSE, long poll): the
 * topics it listens to, and per chat a gapless, ordered, duplicate-free run of messages
 * ({@link ChatStreams}) — and the same for each chat's change log and the user's notifications
 * ({@link Envelope#NOTIFICATIONS}). Envelopes arrive on broker threads and hop over to the client's event
 * loop ({@link #context}); everything else runs there.
 */
public final class Feed implements Subscriber {

    /** Where the feed's events go. Called on the client's event loop. */
    public interface Output {
        /** An event outside any chat's seq order: presence, typing, receipts, chat updates. */
        void event(String frame);

        /** The next frame of a chat's message stream; see {@link ChatStreams.Sink}. */
        void message(long chatId, long seq, String frame, long publishedAtMillis);

        /** See {@link ChatStreams.Sink#whenReady}. */
        default void whenReady(Runnable next) {
            next.run();
        }
    }

    /** Where a feed starts each chat, and which chats it first replays from storage after their start. */
    public record Start(Map<Long, Long> positions, Collection<Long> behind) {}

    /** Most live messages held for a client that said it will resume; past it they flow (bounded memory). */
    static final int MAX_HELD_FOR_RESUME = 10_000;

    private final String id;
    private final long userId;
    private final Context context;
    private final java.util.concurrent.Executor executor;
    private final Feeds feeds;
    private final Output output;
    private final Predicate<Message> awaitingAck;
    private final ChatStreams streams;
    private final StreamedBodies bodies;
    private final BlockFilter blocks = new BlockFilter();
    private final Set<String> topics = new HashSet<>();
    /** Live envelopes held until the start positions are known; null once released. */
    private List<Envelope> held = new ArrayList<>();
    /**
     * Live new_message envelopes held for a client that said at connect it will resume: they are
     * merged into the replay, so nothing reaches it before its own position. Null when not held.
     */
    private List<Envelope> awaitingResume;
    private volatile boolean closed;

    /** @param awaitingAck true for a message this client sent and has not been acked yet */
    public Feed(String id, long userId, Context context, Feeds feeds, Output output, Predicate<Message> awaitingAck,
         boolean willResume) {
        this.id = id;
        this.userId = userId;
        this.context = context;
        this.executor = feeds.loopOf(context);
        this.feeds = feeds;
        this.output = output;
        this.awaitingAck = awaitingAck;
        this.awaitingResume = willResume ? new ArrayList<>() : null;
        this.streams = new ChatStreams(new ChatStreams.Sink() {
            @Override
            public void write(long chatId, long seq, String frame, long publishedAtMillis) {
                String shown = shown(chatId, seq, frame, publishedAtMillis);
                output.message(chatId, seq, shown, publishedAtMillis);
                if (chatId > 0) bodies.onMessageWritten(chatId, seq, shown);
            }

            @Override
            public void whenReady(Runnable next) {
                output.whenReady(next);
            }
        }, this::fetch, (millis, task) -> {
            // ChatStreams runs on the connection's event loop, so the timer fires there too.
            long timer = context.owner().setTimer(millis, fired -> task.run());
            return () -> context.owner().cancelTimer(timer);
        });
        this.bodies = new StreamedBodies(this::event, streams::written, (chatId, seq, onRead) ->
                feeds.fetchAfter(chatId, seq - 1, 1, found -> onRead.accept(found.stream().filter(m -> m.seq() == seq).findFirst())));
    }

    /** A stream's items from storage: a chat's messages or changes, or the user's notifications. */
    private void fetch(long streamId, long afterSeq, int limit, java.util.function.Consumer<List<ChatStreams.Stored>> onFetched) {
        if (streamId == Envelope.NOTIFICATIONS) {
            feeds.fetchNotifications(userId, afterSeq, limit, onFetched);
            return;
        }
        if (streamId < 0) {
            feeds.fetchChanges(-streamId, afterSeq, limit, onFetched);
            return;
        }
        feeds.fetchAfter(streamId, afterSeq, limit, messages -> onFetched.accept(messages.stream()
                .map(m -> new ChatStreams.Stored(m.seq(), Feeds.newMessageFrame(m.seenBy(userId)), awaitingAck.test(m))).toList()));
    }

    @Override
    public String id() {
        return id;
    }

    Context context() {
        return context;
    }

    public ChatStreams streams() {
        return streams;
    }

    /**
     * What the client gets at {@code seq} of stream {@code streamId}: a message or change of
     * someone the user blocks becomes a placeholder in its place; acks and notifications as they are.
     */
    private String shown(long streamId, long seq, String frame, long publishedAtMillis) {
        if (streamId == Envelope.NOTIFICATIONS || publishedAtMillis == ChatStreams.ACK) return frame;
        return streamId > 0 ? blocks.message(streamId, seq, frame) : blocks.change(-streamId, seq, frame);
    }

    /** The user's blocks, for what this feed filters; see {@link BlockFilter#loading}. */
    BlockFilter blocks() {
        return blocks;
    }

    private void event(String frame) {
        if (blocks.shows(frame)) output.event(frame);
    }

    /** Subscribes to the user's own topic and their chats' topics; completes when all are live. */
    CompletableFuture<Void> subscribe(Collection<Long> chatIds) {
        List<CompletableFuture<Void>> live = new ArrayList<>();
        live.add(join(Topics.user(userId)));
        for (long chatId : chatIds) live.add(join(Topics.chat(chatId)));
        return CompletableFuture.allOf(live.toArray(CompletableFuture[]::new));
    }

    /**
     * Called once the start positions are known: the chats in {@code start.behind()} are replayed
     * from storage, and live events flow from now on.
     */
    public void release(Start start) {
        start.positions().forEach(streams::track);
        start.behind().forEach(streams::catchUp);
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
                context.runOnContext(ignored -> {
                    streams.forget(envelope.chatId());
                    streams.forget(ChatStreams.changesOf(envelope.chatId()));
                });
            }
            case EVENT, STREAM, CHANGE -> context.runOnContext(ignored -> deliver(envelope));
            case BLOCKS_CHANGED -> blocks.apply(io.vestnik.broker.BlockChange.parse(envelope.payload()));
            case SESSION_REVOKED -> { }
        }
    }

    @Override
    public void catchUp() {
        context.runOnContext(ignored -> streams.catchUpAll());
    }

    @Override
    public java.util.concurrent.Executor executor() {
        return executor;
    }

    /** An event, on the feed's event loop. */
    @Override
    public void deliver(Envelope envelope) {
        if (closed) return;
        if (held != null) {
            held.add(envelope);
        } else if (envelope.seq() == 0) {
            event(envelope.payload());
        } else if (awaitingResume != null) {
            // A streaming message's events wait with the messages: its body comes with the replay.
            awaitingResume.add(envelope);
            if (awaitingResume.size() >= MAX_HELD_FOR_RESUME) stopAwaitingResume();
        } else if (envelope.kind() == Envelope.Kind.STREAM) {
            bodies.onStream(envelope);
        } else if (envelope.kind() == Envelope.Kind.CHANGE) {
            streams.onLiveChange(envelope.chatId(), envelope.seq(), envelope.changedSeq(), envelope.frame(), envelope.publishedAtMillis());
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

    /** Leaves every topic and stops every replay; nothing more reaches the output. Idempotent. */
    public void close() {
        closed = true;
        streams.forgetAll();
        bodies.clear();
        synchronized (topics) {
            for (String topic : topics) feeds.router().leave(topic, this);
            topics.clear();
        }
    }

    private CompletableFuture<Void> join(String topic) {
        synchronized (topics) {
            if (closed || !topics.add(topic)) return CompletableFuture.completedFuture(null);
            return feeds.router().join(topic, this).toCompletableFuture();
        }
    }

    private void leave(String topic) {
        synchronized (topics) {
            if (topics.remove(topic)) feeds.router().leave(topic, this);
        }
    }
}
