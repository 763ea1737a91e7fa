package io.vestnik.config;

/**
 * What a node does ({@code VESTNIK_ROLE}, decision 0037). One jar, every role: a deployment splits
 * the work by configuration once clients and background work should scale apart.
 */
public enum NodeRole {
    /** Everything, as one node on its own needs: clients and background work. The default. */
    ALL,
    /** Clients only: WebSocket, SSE, long poll and the HTTP API; no background job runs here. */
    GATEWAY,
    /**
     * Background work only: cleanup and retention, partition upkeep, webhook delivery, the unread
     * hook, finishing abandoned streams. Serves health and metrics, nothing to clients.
     */
    WORKER;

    public boolean servesClients() {
        return this != WORKER;
    }

    public boolean runsJobs() {
        return this != GATEWAY;
    }
}
