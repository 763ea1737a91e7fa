package io.vestnik.transport;

import java.util.List;

/**
 * The address a request really comes from. Behind a load balancer every request arrives from the
 * balancer, so rate limits per address would lump all clients together; when the direct peer is
 * a trusted proxy, the right-most address in {@code X-Forwarded-For} that is not itself a trusted
 * proxy is the client. Anyone else's {@code X-Forwarded-For} is ignored: clients can forge it.
 */
public final class ClientAddress {
    private final List<String> trustedProxies;

    public ClientAddress(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    /** True when {@code peer} (the direct peer's address) is a proxy whose headers may be believed. */
    public boolean trusts(String peer) {
        return peer != null && trustedProxies.contains(peer);
    }

    public String of(String peer, String forwardedFor) {
        if (peer == null) return "unknown";
        if (forwardedFor == null || !trusts(peer)) return peer;
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!hop.isEmpty() && !trustedProxies.contains(hop)) return hop;
        }
        return peer;
    }
}
