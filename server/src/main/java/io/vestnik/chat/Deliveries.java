package io.vestnik.chat;

import io.vestnik.domain.ChatKind;
import io.vestnik.protocol.ServerEvent;
import io.vestnik.store.ChatStore;
import io.vestnik.store.ChatStore.Delivered;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivered status: how far each member's devices have received each chat. Transports record
 * every message they hand to a member (written to a socket, returned by history); positions are
 * gathered per (chat, member) and flushed every {@link #FLUSH} in one transaction per
 * {@link #BATCH} positions, so a burst of messages to many members costs a few commits and one
 * event per moved position, not a commit per message per member.
 *
 * <p>When a position moves, {@code message_delivered {chat_id, seq, user_id}} goes to the chat —
 * in direct and listing chats only: there it is the "delivered" tick the other side waits for; in
 * a group it would multiply traffic by the group's size for little use, so group positions are not
 * even stored (see {@link ChatStore#markDelivered}). Thread-safe; {@link #record} never blocks.
 */
public final class Deliveries implements AutoCloseable {
    static final Duration FLUSH = Duration.ofMillis(500);
    static final int BATCH = 1_000;
    /** Chats whose kind is remembered at most; past it the memory starts over (a lookup per chat per flush). */
    static final int KNOWN_KINDS = 100_000;
    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

    private record Key(long chatId, long userId) {}

    private final ChatStore chats;
    private final Events events;
    private final Map<Key, Long> pending = new ConcurrentHashMap<>();
    /** Whether each chat seen here is a group, whose positions are never stored. */
    private final Map<Long, Boolean> groups = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("deliveries").daemon().factory());

    public Deliveries(ChatStore chats, Events events) {
        this.chats = chats;
        this.events = events;
        flusher.scheduleWithFixedDelay(this::flush, FLUSH.toMillis(), FLUSH.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The member's devices now have the chat up to {@code seq}. Once a flush has seen the chat is
     * a group, a read-only check: a group's message reaches every member, and its position would be
     * dropped anyway.
     */
    public void record(long chatId, long userId, long seq) {
        if (groups.getOrDefault(chatId, false)) return;
        pending.merge(new Key(chatId, userId), seq, Math::max);
    }

    private void flush() {
        learnGroups();
        List<Delivered> batch = new ArrayList<>(Math.min(BATCH, pending.size()));
        for (Key key : pending.keySet()) {
            Long seq = pending.remove(key);
            if (seq != null) batch.add(new Delivered(key.chatId(), key.userId(), seq));
            if (batch.size() == BATCH) {
                save(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) save(batch);
    }

    /**
     * A chat's kind never changes: each pending chat is looked up once, and a group's positions go.
     * Bounded: a node that has seen more chats than {@link #KNOWN_KINDS} forgets them all and learns again.
     */
    private void learnGroups() {
        if (groups.size() > KNOWN_KINDS) groups.clear();
        Set<Long> chatIds = new HashSet<>();
        for (Key key : pending.keySet()) {
            if (!groups.containsKey(key.chatId())) chatIds.add(key.chatId());
        }
        for (long chatId : chatIds) {
            try {
                chats.find(chatId).ifPresent(chat -> groups.put(chatId, chat.kind() == ChatKind.GROUP));
            } catch (RuntimeException e) {
                return; // storage is down: the save below keeps only what it must, as before
            }
        }
        pending.keySet().removeIf(key -> groups.getOrDefault(key.chatId(), false));
    }

    private void save(List<Delivered> batch) {
        try {
            for (Delivered moved : chats.markDelivered(batch)) {
                events.toChat(moved.chatId(), new ServerEvent.MessageDelivered(moved.chatId(), moved.seq(), moved.userId()));
            }
        } catch (RuntimeException e) {
            log.warn("{} delivered positions not saved: {}", batch.size(), e.toString());
        }
    }


    /** Flushes what was recorded, then stops. */
    @Override
    public void close() {
        flusher.shutdown();
        try {
            flusher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
