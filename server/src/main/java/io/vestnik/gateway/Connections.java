package io.vestnik.gateway;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The node's open links (WebSockets, SSE streams, waiting polls). Thread-safe. */
final class Connections {
    private final Set<Link> open = ConcurrentHashMap.newKeySet();

    void add(Link link) {
        open.add(link);
    }

    /** True the first time, so closing is counted once. */
    boolean remove(Link link) {
        return open.remove(link);
    }

    Collection<Link> all() {
        return open;
    }

    List<Link> ofSession(long sessionId) {
        return open.stream().filter(c -> c.principal().sessionId() == sessionId).toList();
    }

    int size() {
        return open.size();
    }
}
