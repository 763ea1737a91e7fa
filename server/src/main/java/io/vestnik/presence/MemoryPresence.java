package io.vestnik.presence;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Presence of one node's users. The set of a user's connections is changed atomically per user
 * ({@link ConcurrentHashMap#compute}), which is what makes each transition seen exactly once.
 */
public final class MemoryPresence implements Presence {
    private final Map<Long, Set<String>> connections = new ConcurrentHashMap<>();

    /** Nothing happens elsewhere: every connection of a one-node deployment is counted by a call here. */
    @Override
    public void listen(Listener listener) {}

    @Override
    public boolean connected(long userId, String connectionId) {
        boolean[] cameOnline = {false};
        connections.compute(userId, (id, set) -> {
            if (set == null) {
                set = new HashSet<>();
                cameOnline[0] = true;
            }
            set.add(connectionId);
            return set;
        });
        return cameOnline[0];
    }

    @Override
    public boolean disconnected(long userId, String connectionId) {
        boolean[] wentOffline = {false};
        connections.computeIfPresent(userId, (id, set) -> {
            if (!set.remove(connectionId) || !set.isEmpty()) return set;
            wentOffline[0] = true;
            return null;
        });
        return wentOffline[0];
    }

    @Override
    public Set<Long> online(Collection<Long> userIds) {
        Set<Long> online = new HashSet<>();
        for (long id : userIds) {
            if (connections.containsKey(id)) online.add(id);
        }
        return online;
    }
}
