package io.vestnik.presence;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections this node holds, kept in memory by a shared presence: the truth to write back
 * after the shared store lost them or swept this node, and the answer while it is unreachable.
 * Thread-safe; each user's set changes atomically.
 */
final class HeldConnections {
    private final Map<Long, Set<String>> byUser = new ConcurrentHashMap<>();

    void add(long userId, String connectionId) {
        byUser.compute(userId, (id, set) -> {
            Set<String> connections = set == null ? ConcurrentHashMap.newKeySet() : set;
            connections.add(connectionId);
            return connections;
        });
    }

    void remove(long userId, String connectionId) {
        byUser.computeIfPresent(userId, (id, set) -> set.remove(connectionId) && set.isEmpty() ? null : set);
    }

    /** A copy, user id to connection ids. */
    Map<Long, Set<String>> snapshot() {
        Map<Long, Set<String>> copy = new HashMap<>();
        byUser.forEach((userId, connections) -> copy.put(userId, Set.copyOf(connections)));
        return copy;
    }

    /** The subset of {@code userIds} with a connection on this node. */
    Set<Long> online(Collection<Long> userIds) {
        Set<Long> online = new HashSet<>(userIds);
        online.retainAll(byUser.keySet());
        return online;
    }
}
