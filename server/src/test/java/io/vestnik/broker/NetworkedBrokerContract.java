package io.vestnik.broker;

import static org.assertj.core.api.Assertions.assertThat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a broker that carries envelopes between processes promises besides {@link BrokerContract}:
 * nodes hear each other, and a lost server is reported and survived.
 */
abstract class NetworkedBrokerContract extends BrokerContract {

    /** A server of the test's own that can be taken away. */
    protected abstract Outage outage();

    protected interface Outage extends AutoCloseable {
        Broker newBroker(String nodeId);

        void serverGoes() throws Exception;

        void serverReturns() throws Exception;

        @Override
        void close();
    }

    @Test
    void two_nodes_receive_each_others_envelopes() {
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        Broker a = started(newBroker(nodeId()), first);
        Broker b = started(newBroker(nodeId()), second);
        String topic = topic();
        subscribed(a, first, topic);
        subscribed(b, second, topic);

        a.publish(event(topic, 1));
        b.publish(event(topic, 2));

        await(() -> first.on(topic).size() == 2 && second.on(topic).size() == 2);
        pause();
        assertThat(first.on(topic)).extracting(Envelope::seq).containsExactlyInAnyOrder(1L, 2L);
        assertThat(second.on(topic)).extracting(Envelope::seq).containsExactlyInAnyOrder(1L, 2L);
    }

    @Test
    void reports_unhealthy_when_the_server_is_gone_and_recovers_after_it_returns() throws Exception {
        Outage outage = outage();
        try (outage) {
            Recorder node = new Recorder();
            Broker broker = started(outage.newBroker(nodeId()), node);
            String topic = topic();
            await(broker::healthy);
            subscribed(broker, node, topic);

            outage.serverGoes();
            await(() -> !broker.healthy());
            outage.serverReturns();
            await(broker::healthy);

            // At most once: what was in flight when the server went may be lost, so publish until
            // one arrives, which shows the subscription outlived the outage without a new subscribe.
            await(() -> {
                broker.publish(event(topic, 1));
                pause();
                return !node.on(topic).isEmpty();
            });
        }
    }
}
