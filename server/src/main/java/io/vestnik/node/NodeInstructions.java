package io.vestnik.node;

import io.vestnik.auth.SessionGuard;
import io.vestnik.broker.Envelope;
import io.vestnik.broker.Subscriber;
import io.vestnik.gateway.Links;

/** Carries out what every node is told: a revoked session is refused and its sockets closed. */
final class NodeInstructions implements Subscriber {
    private final String id;
    private final SessionGuard guard;
    private final Links links;

    NodeInstructions(String nodeId, SessionGuard guard, Links links) {
        this.id = nodeId + ":node";
        this.guard = guard;
        this.links = links;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void receive(Envelope envelope) {
        if (envelope.kind() == Envelope.Kind.SESSION_REVOKED) {
            long sessionId = Long.parseLong(envelope.payload());
            guard.revoked(sessionId);
            links.closeSession(sessionId);
        }
    }
}
