package io.vestnik.config;

import java.time.Duration;

/**
 * What a node spends on one HTTP client before it has proved anything, so that idle, slow or
 * unauthenticated clients cannot hold its sockets or its heap.
 *
 * @param headerTimeout      a new connection must have sent a complete request head within this
 * @param keepAliveTimeout   an idle keep-alive connection between requests is closed after this;
 *                           above a load balancer's own upstream idle timeout (nginx: 60 s)
 * @param bodyTimeout        a request body must have arrived in full within this of its head
 * @param uploadMemoryBudget bytes of upload bodies the node holds in memory at once
 */
public record HttpLimits(Duration headerTimeout, Duration keepAliveTimeout, Duration bodyTimeout, long uploadMemoryBudget) {}
