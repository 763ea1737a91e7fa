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
 * What every {@link Broker} promises, run against each implementation. Subscribing does not wait
 * for the server, so a test first publishes probes until one comes back: from then on the
 * subscription is live.
 */
@Timeout(60)
abstract class BrokerContract {
    private final List<Broker> opened = new ArrayList<>();

    /** A new, unstarted broker for a node with this id, on the shared test server. */
    protected abstract Broker newBroker(String nodeId);

    @AfterEach
    void closeBrokers() {
        opened.forEach(Broker::close);
    }

    @Test
    void delivers_to_subscribers_of_the_topic_only() {
        Recorder node = new Recorder();
        Broker broker = started(newBroker(nodeId()), node);
        String wanted = topic();
        String other = topic();
        subscribed(broker, node, wanted);

        broker.publish(event(other, 1));
        broker.publish(event(wanted, 1));
        broker.publish(event(wanted, 2));

        await(() -> node.on(wanted).size() == 2);
        pause();
        assertThat(node.on(other)).isEmpty();
    }

    @Test
    void keeps_publish_order_per_topic() {
        Recorder node = new Recorder();
        Broker broker = started(newBroker(nodeId()), node);
        String topic = topic();
        subscribed(broker, node, topic);

        LongStream.rangeClosed(1, 500).forEach(seq -> broker.publish(event(topic, seq)));

        await(() -> node.on(topic).size() == 500);
        assertThat(node.on(topic)).extracting(Envelope::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, 500).boxed().toList());
    }

    @Test
    void stops_delivering_after_unsubscribe() {
        Recorder node = new Recorder();
        Broker broker = started(newBroker(nodeId()), node);
        String leaving = topic();
        String staying = topic();
        subscribed(broker, node, leaving);
        subscribed(broker, node, staying);

        broker.unsubscribe(leaving);
        pause();
        broker.publish(event(leaving, 1));
        broker.publish(event(staying, 1));

        await(() -> node.on(staying).size() == 1);
        pause();
        assertThat(node.on(leaving)).isEmpty();
    }

    @Test
    void carries_every_field_and_payloads_with_any_characters() {
        Recorder node = new Recorder();
        Broker broker = started(newBroker(nodeId()), node);
        String topic = topic();
        subscribed(broker, node, topic);
        List<Envelope> sent = List.of(
                new Envelope(Envelope.Kind.EVENT, topic, 7, 42, "node-a:3", "{\"body\":\"say \\\"hi\\\"\\n\"}", 1_700_000_000_123L),
                new Envelope(Envelope.Kind.EVENT, topic, 7, 43, null, "line one\nline two\r\n\ttab 'quote' \"double\" \\ back", 1),
                new Envelope(Envelope.Kind.EVENT, topic, 7, 44, null, "ünïcödé 😀 日本語 ʕ•ᴥ•ʔ", 2),
                new Envelope(Envelope.Kind.LEFT_CHAT, topic, 9, 0, null, null, 3),
                new Envelope(Envelope.Kind.JOINED_CHAT, topic, 9, 0, null, "", 4),
                new Envelope(Envelope.Kind.EVENT, topic, 7, 45, null, largeJson(60_000), 5));

        sent.forEach(broker::publish);

        await(() -> node.on(topic).size() == sent.size());
        assertThat(node.on(topic)).containsExactlyElementsOf(sent);
    }

    @Test
    void once_a_subscription_is_confirmed_the_next_envelope_arrives() throws Exception {
        Recorder node = new Recorder();
        Broker broker = started(newBroker(nodeId()), node);
        for (int i = 0; i < 20; i++) {
            String topic = topic();
            broker.subscribe(topic).toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
            broker.publish(event(topic, 1));
            await(() -> node.on(topic).size() == 1);
        }
    }

    protected final Broker started(Broker broker, Broker.Handler handler) {
        opened.add(broker);
        broker.start(handler);
        return broker;
    }

    protected static void subscribed(Broker broker, Recorder node, String topic) {
        broker.subscribe(topic);
        await(() -> {
            broker.publish(Envelope.event(topic, 0, 0, Recorder.PROBE, "{}"));
            sleep(Duration.ofMillis(100));
            return node.probed(topic);
        });
    }

    protected static Envelope event(String topic, long seq) {
        return Envelope.event(topic, 1, seq, null, "{\"seq\":" + seq + "}");
    }

    protected static String topic() {
        return "chat:test-" + UUID.randomUUID();
    }

    protected static String nodeId() {
        return "test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 20 s");
            sleep(Duration.ofMillis(20));
        }
    }

    /** Long enough for an envelope that should not arrive to have arrived. */
    protected static void pause() {
        sleep(Duration.ofMillis(300));
    }

    protected static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String largeJson(int size) {
        StringBuilder json = new StringBuilder("{\"items\":[");
        for (int i = 0; json.length() < size; i++) {
            json.append(i == 0 ? "" : ",").append("{\"n\":").append(i).append(",\"text\":\"ÿ\\\"é\\n😀\"}");
        }
        return json.append("]}").toString();
    }
}
