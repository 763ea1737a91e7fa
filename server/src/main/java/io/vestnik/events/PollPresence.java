package io.vestnik.events;

import io.vertx.core.Vertx;
import io.vestnik.auth.Principal;
import io.vestnik.presence.PresenceService;
import io.vestnik.transport.Offload;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Presence for long-poll clients. Between two polls no request is open, so a device counts as
 * online on this node from its first poll until {@link #LINGER} after its last one ended (on any
 * node: each node holds its own lease, and presence is online while any lease is).
 */
final class PollPresence {
    /** Longer than the pause between a poll's answer and the next poll, even a short poll's 5 s. */
    static final Duration LINGER = Duration.ofSeconds(30);
    private static final long NO_TIMER = -1;

    private record Lease(int polls, long expiryTimer) {}

    private final Vertx vertx;
    private final Offload offload;
    private final PresenceService presence;
    private final String nodeId;
    private final Map<String, Lease> leases = new HashMap<>();

    PollPresence(Vertx vertx, Offload offload, PresenceService presence, String nodeId) {
        this.vertx = vertx;
        this.offload = offload;
        this.presence = presence;
        this.nodeId = nodeId;
    }

    synchronized void pollStarted(Principal device) {
        String id = leaseId(device);
        Lease lease = leases.get(id);
        if (lease == null) {
            offload.run(() -> presence.connected(device.userId(), id));
            lease = new Lease(0, NO_TIMER);
        } else if (lease.expiryTimer() != NO_TIMER) {
            vertx.cancelTimer(lease.expiryTimer());
        }
        leases.put(id, new Lease(lease.polls() + 1, NO_TIMER));
    }

    synchronized void pollEnded(Principal device) {
        String id = leaseId(device);
        Lease lease = leases.get(id);
        if (lease == null) return;
        if (lease.polls() > 1) {
            leases.put(id, new Lease(lease.polls() - 1, NO_TIMER));
            return;
        }
        long timer = vertx.setTimer(LINGER.toMillis(), ignored -> expire(device, id));
        leases.put(id, new Lease(0, timer));
    }

    private synchronized void expire(Principal device, String id) {
        Lease lease = leases.get(id);
        if (lease == null || lease.polls() > 0) return;
        leases.remove(id);
        offload.run(() -> presence.disconnected(device.userId(), id));
    }

    private String leaseId(Principal device) {
        return nodeId + ":poll:" + device.userId() + ":" + device.sessionId();
    }
}
