package io.vestnik.chat;

import io.vestnik.auth.Principal;
import io.vestnik.protocol.ServerEvent;
import io.vestnik.ratelimit.Limit;
import io.vestnik.ratelimit.RateLimiter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Typing indicators. "Typing" lasts until the client says it stopped or stops renewing it: when
 * no renewal comes within the timeout, the server announces {@code is_typing: false} itself, so
 * a closed tab never leaves someone typing forever.
 *
 * <p>Each change fans out to every member, so changes are throttled per user and chat
 * ({@link Limit#TYPING}), whatever the transport: a change past the budget is ignored — the
 * members keep what they were last told, and a dropped "stopped" still clears at the timeout.
 * Renewals change nothing and cost nothing.
 */
public final class Typing implements AutoCloseable {
    private record Key(long chatId, long userId) {}

    /** One "is typing" period; its timer ends only itself, never a renewal that replaced it. */
    private static final class Period {
        volatile ScheduledFuture<?> timer;
    }

    private final ChatService chats;
    private final Events events;
    private final Duration timeout;
    private final RateLimiter limiter;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("typing-timers").daemon().factory());
    private final Map<Key, Period> active = new ConcurrentHashMap<>();

    public Typing(ChatService chats, Events events, Duration timeout, RateLimiter limiter) {
        this.chats = chats;
        this.events = events;
        this.timeout = timeout;
        this.limiter = limiter;
    }

    /** Blocking (checks membership; a shared limiter is a round trip). */
    public void update(Principal caller, long chatId, boolean isTyping) {
        chats.requireMember(caller, chatId);
        Key key = new Key(chatId, caller.userId());
        boolean changes = isTyping != active.containsKey(key);
        if (changes && !limiter.acquire(Limit.TYPING, key.userId() + ":" + key.chatId()).allowed()) return;
        Period previous;
        if (isTyping) {
            Period period = new Period();
            period.timer = timers.schedule(() -> expire(key, period), timeout.toMillis(), TimeUnit.MILLISECONDS);
            previous = active.put(key, period);
        } else {
            previous = active.remove(key);
        }
        if (previous != null) previous.timer.cancel(false);
        boolean announce = isTyping ? previous == null : previous != null;
        if (announce) announce(key, isTyping);
    }

    private void expire(Key key, Period period) {
        if (active.remove(key, period)) announce(key, false);
    }

    private void announce(Key key, boolean isTyping) {
        events.toChat(key.chatId(), new ServerEvent.Typing(key.chatId(), key.userId(), isTyping));
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}
