package io.vestnik.broker.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Pub/Sub on one Redis. Two connections: SUBSCRIBE and UNSUBSCRIBE go on a dedicated pub/sub
 * connection (Redis allows nothing else on it), PUBLISH on another. Lettuce resubscribes every
 * channel Redis had confirmed when the subscriber reconnects.
 */
final class ClassicPubSub implements PubSubLink {
    private final RedisURI uri;
    private final Duration timeout;
    private RedisClient subscriberClient;
    private RedisClient publisherClient;
    private StatefulRedisPubSubConnection<String, String> subscriber;
    private StatefulRedisConnection<String, String> publisher;

    ClassicPubSub(RedisURI uri, Duration timeout) {
        this.uri = uri;
        this.timeout = timeout;
    }

    @Override
    public void start(ClientResources resources, Inbox inbox) {
        subscriberClient = client(resources, ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS);
        publisherClient = client(resources, ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
        subscriberClient.addListener(new Reconnects(resources, inbox));
        subscriber = subscriberClient.connectPubSub();
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                inbox.message(channel, message);
            }
        });
        publisher = publisherClient.connect();
    }

    /**
     * Subscribing accepts commands while disconnected so that a subscribe made during an outage
     * is sent on reconnect; publishing rejects them, so nothing is replayed late.
     */
    private RedisClient client(ClientResources resources, ClientOptions.DisconnectedBehavior whileDisconnected) {
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(whileDisconnected)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        return client;
    }

    @Override
    public CompletionStage<Void> subscribe(String channel) {
        return subscriber.async().subscribe(channel);
    }

    @Override
    public void unsubscribe(String channel) {
        subscriber.async().unsubscribe(channel);
    }

    @Override
    public CompletionStage<Long> publish(String channel, String message) {
        return publisher.async().publish(channel, message);
    }

    @Override
    public boolean serving() {
        return subscriber != null && subscriber.isOpen();
    }

    @Override
    public void close() {
        if (subscriberClient != null) subscriberClient.shutdown();
        if (publisherClient != null) publisherClient.shutdown();
    }
}
