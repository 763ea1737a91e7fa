package io.vestnik.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.vestnik.broker.redis.RedisBroker;
import io.vestnik.testing.RedisServer;
import org.junit.jupiter.api.Test;

class RedisBrokerTest extends NetworkedBrokerContract {
    private static final String REDIS_URL = RedisServer.SHARED_URL;

    @Override
    protected Broker newBroker(String nodeId) {
        return new RedisBroker(REDIS_URL, nodeId);
    }

    @Override
    protected Outage outage() {
        RedisServer server = RedisServer.start();
        return new Outage() {
            @Override
            public Broker newBroker(String nodeId) {
                return new RedisBroker(server.url(), nodeId);
            }

            @Override
            public void serverGoes() throws InterruptedException {
                server.stop();
            }

            @Override
            public void serverReturns() {
                server.launch();
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }

    @Test
    void drops_a_malformed_message_and_keeps_delivering() {
        Recorder node = new Recorder();
        Broker broker = started(newBroker(nodeId()), node);
        String topic = topic();
        subscribed(broker, node, topic);
        RedisClient client = RedisClient.create(REDIS_URL);
        try (StatefulRedisConnection<String, String> raw = client.connect()) {
            raw.sync().publish("vestnik:" + topic, "not an envelope");
            raw.sync().publish("vestnik:" + topic, "9\tE\tchat:1\t1\t1\t\t1\n{}");
        } finally {
            client.shutdown();
        }
        broker.publish(event(topic, 1));

        await(() -> node.on(topic).size() == 1);
        await(broker::healthy);
    }

    @Test
    void reports_unhealthy_while_redis_holds_messages_back_on_an_open_connection() throws Exception {
        try (RedisServer server = RedisServer.start()) {
            Broker broker = started(new RedisBroker(server.url(), nodeId()), new Recorder());
            await(broker::healthy);
            RedisClient client = RedisClient.create(server.url());
            try (StatefulRedisConnection<String, String> admin = client.connect()) {
                admin.sync().clientPause(5_000);
                await(() -> !broker.healthy());
            } finally {
                client.shutdown();
            }
            await(broker::healthy);
        }
    }

    @Test
    void measures_the_round_trip_of_its_canary() {
        RedisBroker broker = (RedisBroker) started(newBroker(nodeId()), new Recorder());
        await(broker::healthy);
        assertThat(broker.lastRoundTrip()).isPositive();
    }
}
