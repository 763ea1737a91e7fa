package io.vestnik.broker.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.vestnik.broker.ThrottledLog;
import io.vestnik.redis.RedisConnections;
import io.vestnik.redis.RedisTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Sharded Pub/Sub on a Redis Cluster (Redis >= 7): SPUBLISH goes to the master that owns the
 * channel's slot and only that shard carries it; SSUBSCRIBE is sent on this node's connection to
 * that same master, so a chat's messages cross one shard, not the whole cluster bus.
 *
 * <p>Subscriptions follow the slots. Every {@link #FOLLOW_EVERY} the link compares, for every
 * wanted channel, the master that owns its slot now (Lettuce's topology view, refreshed
 * periodically and on MOVED or a lost node) with the master it is subscribed on; a channel whose
 * master changed (failover, reshard) or that Redis unsubscribed (SUNSUBSCRIBE when its slot
 * migrated) is subscribed again on the new owner, and the inbox hears {@code mayHaveMissed}, since
 * what was published in between is gone. Lettuce alone does not move sharded subscriptions
 * between nodes (lettuce issues 2356, 3213), hence this loop.
 *
 * <p>Serving means every slot has a master the topology does not mark failed: between a master's
 * death and its replica's promotion some chats have no shard, and the broker reports it.
 */
final class ShardedPubSub implements PubSubLink {
    static final Duration FOLLOW_EVERY = Duration.ofMillis(250);

    private final RedisTarget target;
    private final Duration timeout;
    /** Channel to the id of the master that confirmed its SSUBSCRIBE. */
    private final Map<String, String> placed = new ConcurrentHashMap<>();
    private final Set<String> wanted = ConcurrentHashMap.newKeySet();
    private final Set<String> moving = ConcurrentHashMap.newKeySet();
    private final ThrottledLog failures = new ThrottledLog(LoggerFactory.getLogger(ShardedPubSub.class));
    private RedisClusterClient subscriberClient;
    private RedisClusterClient publisherClient;
    private StatefulRedisClusterPubSubConnection<String, String> subscriber;
    private StatefulRedisClusterConnection<String, String> publisher;
    private ScheduledFuture<?> follower;
    private Inbox inbox;

    ShardedPubSub(RedisTarget target, Duration timeout) {
        this.target = target;
        this.timeout = timeout;
    }

    @Override
    public void start(ClientResources resources, Inbox inbox) {
        this.inbox = inbox;
        subscriberClient = RedisConnections.clusterClient(resources, target, timeout, ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS);
        publisherClient = RedisConnections.clusterClient(resources, target, timeout, ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
        subscriberClient.addListener(new Reconnects(resources, inbox));
        subscriber = subscriberClient.connectPubSub();
        subscriber.setNodeMessagePropagation(true);
        subscriber.addListener(new Listener());
        publisher = publisherClient.connect();
        follower = resources.eventExecutorGroup().scheduleWithFixedDelay(this::followSafely,
                FOLLOW_EVERY.toMillis(), FOLLOW_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A scheduled task that throws is never run again: the loop logs and goes on. */
    private void followSafely() {
        try {
            follow();
        } catch (RuntimeException e) {
            failures.warn("following the Redis Cluster's slots failed", e.toString());
        }
    }

    @Override
    public CompletionStage<Void> subscribe(String channel) {
        wanted.add(channel);
        RedisClusterNode owner = owner(channel);
        if (owner == null) return CompletableFuture.failedFuture(new IllegalStateException("no master serves " + channel));
        moving.add(channel);
        return subscribeOn(channel, owner).whenComplete((ok, failure) -> moving.remove(channel));
    }

    /** Never throws (a failure fails the stage): the follow loop must outlive any one channel. */
    private CompletionStage<Void> subscribeOn(String channel, RedisClusterNode owner) {
        try {
            return subscriber.getConnectionAsync(owner.getNodeId())
                    .thenCompose(node -> node.async().ssubscribe(channel))
                    .thenAccept(ok -> {
                        if (wanted.contains(channel)) placed.put(channel, owner.getNodeId());
                    });
        } catch (RuntimeException leftTheTopology) {
            return CompletableFuture.failedFuture(leftTheTopology);
        }
    }

    /**
     * Moves every wanted channel whose slot has a new master (or lost its subscription) there, and
     * once the round's moves are done tells the inbox once: after a failover that moves thousands of
     * channels the node catches up once, not once per channel.
     */
    private void follow() {
        List<CompletableFuture<Boolean>> moves = new ArrayList<>();
        for (String channel : wanted) {
            RedisClusterNode owner = owner(channel);
            String was = placed.get(channel);
            if (owner == null || owner.getNodeId().equals(was) || !moving.add(channel)) continue;
            if (was != null) unsubscribeOn(channel, was);
            moves.add(subscribeOn(channel, owner).handle((ok, failure) -> {
                moving.remove(channel);
                return failure == null;
            }).toCompletableFuture());
        }
        CompletableFuture.allOf(moves.toArray(CompletableFuture[]::new)).thenRun(() -> {
            if (moves.stream().anyMatch(CompletableFuture::join)) inbox.mayHaveMissed();
        });
    }

    private RedisClusterNode owner(String channel) {
        RedisClusterNode master = subscriberClient.getPartitions().getMasterBySlot(SlotHash.getSlot(channel));
        return master == null || failed(master) ? null : master;
    }

    private static boolean failed(RedisClusterNode node) {
        return node.is(RedisClusterNode.NodeFlag.FAIL) || node.is(RedisClusterNode.NodeFlag.EVENTUAL_FAIL);
    }

    @Override
    public void unsubscribe(String channel) {
        wanted.remove(channel);
        String node = placed.remove(channel);
        if (node != null) unsubscribeOn(channel, node);
    }

    /** Best effort: a dead master's connection takes the SUNSUBSCRIBE when (if) it reconnects. */
    private void unsubscribeOn(String channel, String nodeId) {
        try {
            subscriber.getConnectionAsync(nodeId).thenCompose(node -> node.async().sunsubscribe(channel));
        } catch (RuntimeException gone) {
            // the node left the topology: nothing to unsubscribe from
        }
    }

    @Override
    public CompletionStage<Long> publish(String channel, String message) {
        return publisher.async().spublish(channel, message);
    }

    @Override
    public boolean serving() {
        int served = 0;
        for (RedisClusterNode node : subscriberClient.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !failed(node)) served += node.getSlots().size();
        }
        return served == SlotHash.SLOT_COUNT;
    }

    @Override
    public void close() {
        if (follower != null) follower.cancel(false);
        if (subscriberClient != null) subscriberClient.shutdown();
        if (publisherClient != null) publisherClient.shutdown();
    }

    /** Each master's messages arrive on its own connection's thread: one at a time, as the broker promises. */
    private final class Listener extends RedisClusterPubSubAdapter<String, String> {
        @Override
        public synchronized void smessage(RedisClusterNode node, String channel, String message) {
            inbox.message(channel, message);
        }

        /** Redis drops a shard channel's subscribers when its slot leaves the node: follow it. */
        @Override
        public void sunsubscribed(RedisClusterNode node, String channel, long count) {
            if (node != null) placed.remove(channel, node.getNodeId());
        }
    }
}
