package io.vestnik.gateway;

import io.vestnik.auth.Principal;
import io.vestnik.metrics.Transport;
import io.vestnik.protocol.CloseCodes;
import io.vestnik.protocol.ServerEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's open links (WebSockets, SSE streams, waiting polls): their ids, and what the node
 * does to all of them — close a revoked session's, sweep heartbeats, drain at shutdown, count.
 * Thread-safe.
 */
public final class Links {
    private final Set<Link> open = ConcurrentHashMap.newKeySet();
    private final String nodeId;
    private final Duration heartbeatInterval;
    private final Duration heartbeatTimeout;
    private final AtomicLong counter = new AtomicLong();
    private volatile boolean accepting = true;

    public Links(String nodeId, Duration heartbeatInterval, Duration heartbeatTimeout) {
        this.nodeId = nodeId;
        this.heartbeatInterval = heartbeatInterval;
        this.heartbeatTimeout = heartbeatTimeout;
    }

    /** A new link's id, unique in the cluster: the node's id and a counter. */
    public String newId() {
        return nodeId + ":" + counter.incrementAndGet();
    }

    /** The first event of every live link: who it is, on which node. */
    public ServerEvent.Connected connectedEvent(Principal principal) {
        return new ServerEvent.Connected(principal.userId(), principal.sessionId(), nodeId, Instant.now());
    }

    void add(Link link) {
        open.add(link);
    }

    /** True the first time, so closing is counted once. */
    boolean remove(Link link) {
        return open.remove(link);
    }

    /** Closes every connection of a session (it was revoked, here or on another node). */
    public void closeSession(long sessionId) {
        open.stream().filter(c -> c.principal().sessionId() == sessionId).forEach(c -> c.context().runOnContext(
                ignored -> c.close(CloseCodes.UNAUTHORIZED, "Session revoked")));
    }

    /**
     * Pings WebSockets and closes those silent past the timeout; keeps idle SSE streams open
     * through proxies. Called every second.
     */
    public void sweepHeartbeats() {
        long now = System.currentTimeMillis();
        long interval = heartbeatInterval.toMillis();
        long timeout = heartbeatTimeout.toMillis();
        for (Link link : open) {
            switch (link) {
                case Connection connection when now - connection.lastHeardMillis() > timeout ->
                        connection.context().runOnContext(ignored -> connection.close(CloseCodes.HEARTBEAT_TIMEOUT, "Heartbeat timeout"));
                case Connection connection when now - connection.lastPingMillis() >= interval -> connection.ping();
                default -> link.keepAlive(now);
            }
        }
    }

    /**
     * Stops accepting new links, asks every client to reconnect elsewhere (1012), and waits up to
     * {@code grace} for them to close, so clients see a clean close rather than a reset.
     * Blocking: call from the shutdown thread.
     */
    public Drained drain(Duration grace) throws InterruptedException {
        accepting = false;
        List<Link> draining = List.copyOf(open);
        for (Link link : draining) {
            link.context().runOnContext(ignored -> link.closeForRestart());
        }
        long deadline = System.nanoTime() + grace.toNanos();
        while (!open.isEmpty() && System.nanoTime() < deadline) Thread.sleep(20);
        return new Drained(count(draining, Transport.WEBSOCKET), count(draining, Transport.SSE),
                count(draining, Transport.POLL), open.size());
    }

    /**
     * What a drain closed: WebSockets, SSE streams and waiting polls that were open when it
     * began, and how many links of any kind were still open when the grace ran out.
     */
    public record Drained(int webSockets, int eventStreams, int polls, int stillOpen) {}

    private static int count(List<Link> links, Transport transport) {
        return (int) links.stream().filter(link -> link.transport() == transport).count();
    }

    /** False from the moment draining starts, so a load balancer stops sending new clients here. */
    public boolean accepting() {
        return accepting;
    }

    public int size() {
        return open.size();
    }

    /** Bytes written to this node's live connections that their clients have not yet taken; from any thread. */
    public long queuedBytes() {
        long total = 0;
        for (Link link : open) total += link.queuedBytes();
        return total;
    }
}
