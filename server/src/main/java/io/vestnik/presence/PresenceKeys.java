package io.vestnik.presence;

/**
 * Where {@link RedisPresence} keeps its state in Redis. One node's view: {@code nodeId} is this node.
 *
 * <ul>
 *   <li>{@code vestnik:presence:user:<userId>} — set of the user's connection ids on every node;
 *       a connection id is {@code <nodeId>:<counter>}, so its node can be read from it.</li>
 *   <li>{@code vestnik:presence:node:<nodeId>} — set of user ids with a connection on that node.</li>
 *   <li>{@code vestnik:presence:alive:<nodeId>} — present while the node lives (refreshed, with a TTL).</li>
 *   <li>{@code vestnik:presence:nodes} — set of the node ids that may hold connections.</li>
 *   <li>{@code vestnik:presence:sweeper} — short lock so one node sweeps at a time.</li>
 * </ul>
 */
record PresenceKeys(String nodeId) {
    static final String USER_PREFIX = "vestnik:presence:user:";
    static final String NODES = "vestnik:presence:nodes";
    static final String SWEEPER = "vestnik:presence:sweeper";

    static String user(long userId) {
        return USER_PREFIX + userId;
    }

    static String node(String nodeId) {
        return "vestnik:presence:node:" + nodeId;
    }

    static String alive(String nodeId) {
        return "vestnik:presence:alive:" + nodeId;
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
