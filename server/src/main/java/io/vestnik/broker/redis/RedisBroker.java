package io.vestnik.broker.redis;

import io.lettuce.core.ClientOptions;
import java.util.concurrent.CompletionStage;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import io.vestnik.broker.Broker;
import io.vestnik.broker.Canary;
import io.vestnik.broker.Envelope;
import io.vestnik.broker.EnvelopeCodec;
import io.vestnik.broker.Inbound;
import io.vestnik.broker.ThrottledLog;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis Pub/Sub between nodes: one channel per topic, {@value #PREFIX} + topic, so Vestnik can
 * share a Redis with other applications.
 *
 * <p>Two connections: SUBSCRIBE and UNSUBSCRIBE go on a dedicated pub/sub connection (Redis allows
 * nothing else on it), PUBLISH on another. Both reconnect by themselves (backoff 100 ms to 2 s), and
 * Lettuce resubscribes every channel it holds on reconnect. What is published while Redis is
 * unreachable is dropped, not buffered: a burst replayed late is worse than a gap, which clients
 * close from storage.
 *
 * <p>Threading: every method returns at once. The handler runs on the pub/sub connection's Netty
 * thread, one message at a time, so envelopes one node published to one topic arrive in order.
 * {@link #start} blocks until Redis accepts both connections and throws if it does not.
 */
public final class RedisBroker implements Broker {
    static final String PREFIX = "vestnik:";
    private static final String CANARY_PREFIX = "vestnik-canary:";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(RedisBroker.class);

    private final RedisURI uri;
    private final String canaryChannel;
    private final ThrottledLog publishFailures = new ThrottledLog(log);
    private ClientResources resources;
    private RedisClient subscriberClient;
    private RedisClient publisherClient;
    private StatefulRedisPubSubConnection<String, String> subscriber;
    private StatefulRedisConnection<String, String> publisher;
    private Canary canary;

    public RedisBroker(String redisUrl, String nodeId) {
        this.uri = RedisURI.create(redisUrl);
        this.canaryChannel = CANARY_PREFIX + nodeId;
    }

    @Override
    public void start(Handler handler) {
        resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        subscriberClient = client(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS);
        publisherClient = client(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
        subscriber = subscriberClient.connectPubSub();
        subscriber.addListener(new Listener(handler));
        publisher = publisherClient.connect();
        canary = new Canary("vestnik-redis-canary", this::ping);
        subscriber.async().subscribe(canaryChannel);
    }

    /**
     * Subscribing accepts commands while disconnected so that a subscribe made during an outage
     * is sent on reconnect; Lettuce only resubscribes channels Redis had confirmed.
     */
    private RedisClient client(ClientOptions.DisconnectedBehavior whileDisconnected) {
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(whileDisconnected)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        return client;
    }

    @Override
    public CompletionStage<Void> subscribe(String topic) {
        return subscriber.async().subscribe(PREFIX + topic);
    }

    @Override
    public void unsubscribe(String topic) {
        subscriber.async().unsubscribe(PREFIX + topic);
    }

    @Override
    public void publish(Envelope envelope) {
        send(PREFIX + envelope.topic(), EnvelopeCodec.encode(envelope));
    }

    private void ping(String text) {
        send(canaryChannel, text);
    }

    private void send(String channel, String message) {
        publisher.async().publish(channel, message).whenComplete((receivers, failure) -> {
            if (failure != null) publishFailures.warn("Redis publish failed", failure.toString());
        });
    }

    @Override
    public boolean healthy() {
        return subscriber != null && subscriber.isOpen() && canary.alive();
    }

    /** The last canary round trip through Redis, or null before the first; for a metric. */
    @Override
    public Duration lastRoundTrip() {
        return canary == null ? null : canary.lastRoundTrip();
    }

    @Override
    public void close() {
        if (canary != null) canary.close();
        if (subscriberClient != null) subscriberClient.shutdown();
        if (publisherClient != null) publisherClient.shutdown();
        if (resources != null) resources.shutdown();
    }

    private final class Listener extends RedisPubSubAdapter<String, String> {
        private final Handler handler;

        Listener(Handler handler) {
            this.handler = handler;
        }

        @Override
        public void message(String channel, String message) {
            if (channel.equals(canaryChannel)) {
                canary.pong(message);
                return;
            }
            Inbound.deliver(handler, channel, message);
        }
    }
}
