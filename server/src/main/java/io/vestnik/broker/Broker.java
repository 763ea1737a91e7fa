package io.vestnik.broker;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Carries {@link Envelope}s between nodes. Implementations: {@link MemoryBroker} (one node, the
 * default), {@code RedisBroker} (Redis Pub/Sub), {@code PostgresBroker} (LISTEN/NOTIFY).
 *
 * <p>Delivery guarantee: at most once, best effort. Envelopes one node publishes to one topic
 * arrive in publish order; nothing more is promised. Messages are never lost to a broker failure
 * because they are stored before they are published, numbered by {@code seq}, and a client that
 * sees a gap (or reconnects) fetches from storage. The broker only makes delivery fast.
 *
 * <p>Threading: every method is thread-safe and non-blocking. The {@link Handler} is called on a
 * broker thread, one envelope at a time, and must not block.
 */
public interface Broker extends AutoCloseable {

    /** Receives every envelope published to a topic this node subscribes to. */
    @FunctionalInterface
    interface Handler {
        void onEnvelope(Envelope envelope);

        /**
         * Envelopes may have been lost (the broker reconnected, or a subscription went live only
         * after failing): whoever depends on them catches up from storage. May come more than once.
         */
        default void mayHaveMissed() {}
    }

    /** Connects and starts calling {@code handler}. Called once, before any other method. */
    void start(Handler handler);

    /**
     * Starts receiving the topic's envelopes. Idempotent. Returns at once; the stage completes when
     * the subscription is live (the server confirmed it), so that a caller can tell "published
     * before I listened" (to be read from storage) from "will arrive" (to wait for). While the
     * server is unreachable the stage completes only after reconnecting.
     */
    CompletionStage<Void> subscribe(String topic);

    /** Stops receiving the topic's envelopes. Idempotent. */
    void unsubscribe(String topic);

    /** Sends the envelope to every node subscribed to its topic, this node included. */
    void publish(Envelope envelope);

    /** True while publishing and receiving work (the subscription is alive). */
    boolean healthy();

    /**
     * How long the node's last message to itself took through the broker (the delivery canary),
     * or null when there was none yet or the broker does not leave the process.
     */
    default Duration lastRoundTrip() {
        return null;
    }

    @Override
    void close();
}
