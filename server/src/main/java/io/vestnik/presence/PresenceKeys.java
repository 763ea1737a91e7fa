package io.vestnik.presence;

/**
 * Where {@link RedisPresence} keeps its state in Redis. One node's view: {@code nodeId} is this node.
 * {@code root} is {@value #STANDALONE} on one Redis and {@value #CLUSTER} on a Redis Cluster, where
 * the hash tag puts every presence key in one slot: the connect, disconnect and replace scripts
 * change a user's set and a node's set (and a sweep every user of a node) atomically, which Redis
 * Cluster allows only within one slot (decision 0036).
 *
 * <ul>
 *   <li>{@code <root>user:<userId>} — set of the user's connection ids on every node;
 *       a connection id is {@code <nodeId>:<counter>}, so its node can be read from it.</li>
 *   <li>{@code <root>node:<nodeId>} — set of user ids with a connection on that node.</li>
 *   <li>{@code <root>alive:<nodeId>} — present while the node lives (refreshed, with a TTL).</li>
 *   <li>{@code <root>nodes} — set of the node ids that may hold connections.</li>
 *   <li>{@code <root>sweeper} — short lock so one node sweeps at a time.</li>
 * </ul>
 */
record PresenceKeys(String nodeId, String root) {
    static final String STANDALONE = "vestnik:presence:";
    static final String CLUSTER = "vestnik:{presence}:";

    static PresenceKeys of(String nodeId, boolean cluster) {
        return new PresenceKeys(nodeId, cluster ? CLUSTER : STANDALONE);
    }

    String userPrefix() {
        return root + "user:";
    }

    String user(long userId) {
        return userPrefix() + userId;
    }

    String nodes() {
        return root + "nodes";
    }

    String sweeper() {
        return root + "sweeper";
    }

    String node(String nodeId) {
        return root + "node:" + nodeId;
    }

    String alive(String nodeId) {
        return root + "alive:" + nodeId;
    }

    String node() {
        return node(nodeId);
    }

    String alive() {
        return alive(nodeId);
    }

    /** What every connection id of this node starts with. */
    String connectionPrefix() {
        return nodeId + ":";
    }
}
