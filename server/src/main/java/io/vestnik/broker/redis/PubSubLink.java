package io.vestnik.broker.redis;

import io.lettuce.core.resource.ClientResources;
import java.util.concurrent.CompletionStage;

/**
 * The Redis commands {@link RedisBroker} needs, on one Redis ({@link ClassicPubSub}: SUBSCRIBE,
 * PUBLISH) or a Redis Cluster ({@link ShardedPubSub}: SSUBSCRIBE, SPUBLISH). Every method returns
 * at once and is thread-safe; the inbox is called on a Lettuce thread, one message at a time per
 * Redis connection.
 */
interface PubSubLink extends AutoCloseable {

    /** Where a link hands what it hears. */
    interface Inbox {
        void message(String channel, String message);

        /** Messages may have been lost: a connection came back, or a channel moved to another shard. */
        void mayHaveMissed();
    }

    /** Connects both ways; throws when Redis cannot be reached at all. Called once, first. */
    void start(ClientResources resources, Inbox inbox);

    /** Completes when Redis confirmed the subscription; fails when it could not be made now. */
    CompletionStage<Void> subscribe(String channel);

    void unsubscribe(String channel);

    /** Sends without waiting; what Redis cannot take now is dropped, and the stage fails. */
    CompletionStage<Long> publish(String channel, String message);

    /** True while the link can carry messages to and from every channel, as far as it knows. */
    boolean serving();

    @Override
    void close();
}
