package io.vestnik.broker.redis;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import io.vestnik.broker.Broker;
import io.vestnik.broker.Canary;
import io.vestnik.broker.Envelope;
import io.vestnik.broker.EnvelopeCodec;
import io.vestnik.broker.Inbound;
import io.vestnik.broker.ThrottledLog;
import io.vestnik.redis.RedisTarget;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis Pub/Sub between nodes: one channel per topic, {@value #PREFIX} + topic, so Vestnik can
 * share a Redis with other applications. On one Redis it is classic Pub/Sub ({@link ClassicPubSub});
 * on a Redis Cluster sharded Pub/Sub ({@link ShardedPubSub}), so a chat's messages cross only the
 * shard that owns its channel's slot, and subscriptions follow their slots through failovers.
 *
 * <p>Connections reconnect by themselves (backoff 100 ms to 2 s) and resubscribe. What is
 * published while Redis is unreachable is dropped, not buffered: a burst replayed late is worse
 * than a gap, which clients close from storage; the handler hears {@code mayHaveMissed} after every
 * reconnect and every move of a channel to another shard.
 *
 * <p>Healthy means the canary (a ping to a channel only this node hears) came back lately and, on
 * a cluster, every slot has a live master.
 *
 * <p>Threading: every method returns at once. The handler runs on a subscribing connection's
 * Netty thread, one message at a time, so envelopes one node published to one topic arrive in
 * order. {@link #start} blocks until Redis accepts the connections and throws if it does not.
 */
public final class RedisBroker implements Broker {
    static final String PREFIX = "vestnik:";
    private static final String CANARY_PREFIX = "vestnik-canary:";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration RESUBSCRIBE_AFTER = Duration.ofMillis(500);
    private static final Logger log = LoggerFactory.getLogger(RedisBroker.class);

    private final PubSubLink link;
    private final String canaryChannel;
    private final ThrottledLog publishFailures = new ThrottledLog(log);
    private ClientResources resources;
    private Canary canary;
    private Handler handler;
    /** Channels some caller subscribed and has not unsubscribed: a failed subscribe is retried while wanted. */
    private final Set<String> wanted = ConcurrentHashMap.newKeySet();

    /** {@code redisUrl} as {@link RedisTarget#parse}: several URLs are a Redis Cluster. */
    public RedisBroker(String redisUrl, String nodeId) {
        RedisTarget target = RedisTarget.parse(redisUrl);
        this.link = target.cluster() ? new ShardedPubSub(target, COMMAND_TIMEOUT)
                : new ClassicPubSub(target.seeds(COMMAND_TIMEOUT).getFirst(), COMMAND_TIMEOUT);
        this.canaryChannel = CANARY_PREFIX + nodeId;
    }

    @Override
    public void start(Handler handler) {
        resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        this.handler = handler;
        link.start(resources, new Listener());
        canary = new Canary("vestnik-redis-canary", this::ping);
        subscribeChannel(canaryChannel);
    }

    /**
     * A subscribe sent while Redis is away times out, and Lettuce only restores channels Redis had
     * confirmed: so it is retried until it succeeds (or nobody wants the channel any more), and a
     * subscription that went live late makes the node catch up on what it could not hear.
     */
    @Override
    public CompletionStage<Void> subscribe(String topic) {
        return subscribeChannel(PREFIX + topic);
    }

    private CompletionStage<Void> subscribeChannel(String channel) {
        wanted.add(channel);
        CompletableFuture<Void> live = new CompletableFuture<>();
        subscribeUntilLive(channel, live, false);
        return live;
    }

    private void subscribeUntilLive(String channel, CompletableFuture<Void> live, boolean retried) {
        link.subscribe(channel).whenComplete((ok, failure) -> {
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
        link.unsubscribe(PREFIX + topic);
    }

    @Override
    public void publish(Envelope envelope) {
        send(PREFIX + envelope.topic(), EnvelopeCodec.encode(envelope));
    }

    private void ping(String text) {
        send(canaryChannel, text);
    }

    private void send(String channel, String message) {
        link.publish(channel, message).whenComplete((receivers, failure) -> {
            if (failure != null) publishFailures.warn("Redis publish failed", failure.toString());
        });
    }

    @Override
    public boolean healthy() {
        return canary != null && canary.alive() && link.serving();
    }

    /** The last canary round trip through Redis, or null before the first; for a metric. */
    @Override
    public Duration lastRoundTrip() {
        return canary == null ? null : canary.lastRoundTrip();
    }

    @Override
    public void close() {
        if (canary != null) canary.close();
        link.close();
        if (resources != null) resources.shutdown();
    }

    private final class Listener implements PubSubLink.Inbox {
        @Override
        public void message(String channel, String message) {
            if (channel.equals(canaryChannel)) {
                canary.pong(message);
                return;
            }
            Inbound.deliver(handler, channel, message);
        }

        @Override
        public void mayHaveMissed() {
            handler.mayHaveMissed();
        }
    }
}
