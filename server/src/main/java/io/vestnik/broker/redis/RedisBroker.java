package io.vestnik.broker.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
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
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private static final Duration RESUBSCRIBE_AFTER = Duration.ofMillis(500);
    /** Lettuce resubscribes confirmed channels right after reconnecting; catch up once that is done. */
    private static final Duration CATCH_UP_AFTER_RECONNECT = Duration.ofSeconds(1);
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
    private Handler handler;
    /** Channels some caller subscribed and has not unsubscribed: a failed SUBSCRIBE is retried while wanted. */
    private final Set<String> wanted = ConcurrentHashMap.newKeySet();

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
        this.handler = handler;
        subscriberClient.addListener(new Reconnects());
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

    /**
     * A SUBSCRIBE sent while Redis is away times out, and Lettuce only restores channels Redis had
     * confirmed: so it is retried until it succeeds (or nobody wants the channel any more), and a
     * subscription that went live late makes the node catch up on what it could not hear.
     */
    @Override
    public CompletionStage<Void> subscribe(String topic) {
        String channel = PREFIX + topic;
        wanted.add(channel);
        CompletableFuture<Void> live = new CompletableFuture<>();
        subscribeUntilLive(channel, live, false);
        return live;
    }

    private void subscribeUntilLive(String channel, CompletableFuture<Void> live, boolean retried) {
        subscriber.async().subscribe(channel).whenComplete((ok, failure) -> {
            if (failure == null || !wanted.contains(channel)) {
                live.complete(null);
                if (failure == null && retried) handler.mayHaveMissed();
                return;
            }
            resources.eventExecutorGroup().schedule(() -> subscribeUntilLive(channel, live, true),
                    RESUBSCRIBE_AFTER.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    @Override
    public void unsubscribe(String topic) {
        wanted.remove(PREFIX + topic);
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

    /** After every reconnect but the first connect: what was published meanwhile is gone from Pub/Sub. */
    private final class Reconnects implements RedisConnectionStateListener {
        private final AtomicBoolean connectedBefore = new AtomicBoolean();

        @Override
        public void onRedisConnected(io.lettuce.core.RedisChannelHandler<?, ?> connection, SocketAddress address) {
            if (!connectedBefore.compareAndSet(false, true)) {
                resources.eventExecutorGroup().schedule(handler::mayHaveMissed,
                        CATCH_UP_AFTER_RECONNECT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
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
