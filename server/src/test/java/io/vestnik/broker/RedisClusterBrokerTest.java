package io.vestnik.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.broker.redis.RedisBroker;
import io.vestnik.testing.RedisCluster;
import io.vestnik.testing.RedisClusterPerClass;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker contract on a real three-master Redis Cluster (sharded Pub/Sub), and what a master's
 * death does: the outage kills the master of the node's canary channel; the failover test kills the
 * master of a subscribed chat's channel on a cluster of its own.
 */
class RedisClusterBrokerTest extends NetworkedBrokerContract {
    @RegisterExtension
    static final RedisClusterPerClass cluster = new RedisClusterPerClass();

    @Override
    protected Broker newBroker(String nodeId) {
        return new RedisBroker(cluster.url(), nodeId);
    }

    @Override
    protected Outage outage() {
        RedisCluster own = RedisCluster.start();
        return new Outage() {
            private String canary;
            private int dead;

            @Override
            public Broker newBroker(String nodeId) {
                canary = "vestnik-canary:" + nodeId;
                return new RedisBroker(own.url(), nodeId);
            }

            @Override
            public void serverGoes() {
                dead = own.killMasterOf(canary);
            }

            @Override
            public void serverReturns() {
                own.awaitTakeover(canary, dead);
            }

            @Override
            public void close() {
                own.close();
            }
        };
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    @Test
    void a_chat_whose_master_dies_is_heard_again_from_the_promoted_replica_and_the_node_catches_up() {
        try (RedisCluster own = RedisCluster.start()) {
            Recorder node = new Recorder();
            Broker broker = started(new RedisBroker(own.url(), nodeId()), node);
            String topic = topic();
            subscribed(broker, node, topic);
            int before = node.missed();

            long killed = System.nanoTime();
            int dead = own.killMasterOf("vestnik:" + topic);
            await(() -> !broker.healthy());
            long unhealthy = System.nanoTime();
            own.awaitTakeover("vestnik:" + topic, dead);
            long tookOver = System.nanoTime();
            int received = node.on(topic).size();
            await(() -> {
                broker.publish(event(topic, 1_000 + node.on(topic).size()));
                sleep(Duration.ofMillis(50));
                return node.on(topic).size() > received;
            });
            long heard = System.nanoTime();
            await(broker::healthy);
            System.out.printf("redis cluster failover: unhealthy after %d ms, replica took over after %d ms, "
                    + "chat heard again %d ms after the takeover, healthy %d ms after it%n", ms(unhealthy - killed),
                    ms(tookOver - killed), ms(heard - tookOver), ms(System.nanoTime() - tookOver));
            assertThat(node.missed()).as("the node was told it may have missed envelopes").isGreaterThan(before);
        }
    }
}
