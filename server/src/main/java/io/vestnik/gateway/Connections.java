package io.vestnik.gateway;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The node's open connections. Thread-safe. */
final class Connections {
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();

    void add(Connection connection) {
        open.add(connection);
    }

    /** True the first time, so closing is counted once. */
    boolean remove(Connection connection) {
        return open.remove(connection);
    }

    Collection<Connection> all() {
        return open;
    }

    List<Connection> ofSession(long sessionId) {
        return open.stream().filter(c -> c.principal().sessionId() == sessionId).toList();
    }

    int size() {
        return open.size();
    }
}
