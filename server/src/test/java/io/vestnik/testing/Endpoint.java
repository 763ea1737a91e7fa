package io.vestnik.testing;

/** Where a client connects: one node, or a load balancer in front of several. */
public interface Endpoint {
    /** For reports: a node id, or "nginx". */
    String name();

    String wsUrl();

    HttpApi http();
}
