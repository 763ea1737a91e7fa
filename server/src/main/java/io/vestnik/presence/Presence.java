package io.vestnik.presence;

import java.util.Collection;
import java.util.Set;

/**
 * Who is online: a user is online while they hold at least one live connection anywhere.
 * Implementations: {@link MemoryPresence} (one node), {@link RedisPresence} and {@link PostgresPresence} (every node).
 *
 * <p>Each method reports the transition it caused, and exactly one caller sees each transition
 * (online → offline only when the last connection closes, even when two close at once), so every
 * change is announced once. Thread-safe; {@code connected}, {@code disconnected} and {@code online}
 * may block (Redis or PostgreSQL round trips), so call them off the event loop.
 *
 * <p>Some transitions are not caused by a call on this node: a crashed node's users go offline when
 * another node sweeps its connections away. Those reach {@link #listen listen}'s {@link Listener},
 * again exactly once across all nodes.
 */
public interface Presence extends AutoCloseable {

    /** Hears transitions that no call to {@code connected}/{@code disconnected} returned. */
    @FunctionalInterface
    interface Listener {
        /** Called on an engine thread, one call at a time; may block. */
        void changed(long userId, boolean online);
    }

    /** Sets the one listener for transitions that happen outside this node's calls; call before the first connection. */
    void listen(Listener listener);

    /** Counts one more connection of the user; true when the user just came online. */
    boolean connected(long userId, String connectionId);

    /** Counts one connection less; true when it was the user's last, so the user just went offline. */
    boolean disconnected(long userId, String connectionId);

    /** The subset of {@code userIds} that is online. */
    Set<Long> online(Collection<Long> userIds);

    @Override
    default void close() {}
}
