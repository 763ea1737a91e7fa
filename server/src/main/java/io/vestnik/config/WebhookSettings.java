package io.vestnik.config;

import java.time.Duration;

/**
 * How webhooks are delivered.
 *
 * @param allowPrivate   accept endpoints on loopback, private and link-local addresses (tests, private networks)
 * @param timeout        a delivery not answered within this failed
 * @param retryBase      the first retry waits up to this; each further one up to twice the last
 * @param retryMax       no retry waits longer than this
 * @param retryFor       an event still failing this long after it was written (or replayed) is dead-lettered
 * @param perEndpoint    deliveries one node has in flight to one endpoint at most
 * @param unreadAfter    {@code message.unread} fires for a message a member has left unread this long
 */
public record WebhookSettings(boolean allowPrivate, Duration timeout, Duration retryBase, Duration retryMax,
                              Duration retryFor, int perEndpoint, Duration unreadAfter) {}
