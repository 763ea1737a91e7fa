package io.vestnik.export;

import io.vestnik.export.kafka.KafkaExport;
import io.vestnik.testing.Cluster;
import io.vestnik.testing.KafkaBroker;
import io.vestnik.testing.TcpProxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The export contract against a real Kafka broker (KRaft, a child JVM from the Maven Central
 * artefacts), started once for the class. It advertises the proxy's port, so the exporter and the
 * consumer both reach it through the proxy: while cut, neither can. Each test has its own topic of
 * three partitions, deleted after it.
 */
class KafkaExportTest extends EventExportContract {
    private static TcpProxy proxy;
    private static KafkaBroker broker;
    private static Admin admin;

    @BeforeAll
    static void startBroker() {
        int advertised = Cluster.freePort();
        broker = KafkaBroker.start(advertised);
        proxy = TcpProxy.on(advertised, broker.port());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers()));
    }

    @AfterAll
    static void stopBroker() {
        admin.close();
        proxy.close();
        broker.close();
    }

    private static String servers() {
        return "127.0.0.1:" + proxy.port();
    }

    @BeforeEach
    void createTopic() throws ExecutionException, InterruptedException {
        admin.createTopics(List.of(new NewTopic(name, 3, (short) 1))).all().get();
    }

    @AfterEach
    void deleteTopic() throws ExecutionException, InterruptedException {
        proxy.restore();
        admin.deleteTopics(List.of(name)).all().get();
    }

    @Override
    protected TcpProxy proxy() {
        return proxy;
    }

    @Override
    protected EventExport export(int port) {
        return new KafkaExport("127.0.0.1:" + port, name, TIMEOUT);
    }

    /** Reads every partition from the start on a virtual thread (the client is not thread-safe: only that thread touches it). */
    @Override
    protected Consumer consumer() {
        KafkaConsumer<String, String> kafka = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers(),
                ConsumerConfig.GROUP_ID_CONFIG, name,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
        List<String> bodies = new CopyOnWriteArrayList<>();
        Thread poller = Thread.ofVirtual().start(() -> {
            try (kafka) {
                kafka.subscribe(Set.of(name));
                while (!Thread.currentThread().isInterrupted()) {
                    for (ConsumerRecord<String, String> record : kafka.poll(Duration.ofMillis(100))) bodies.add(record.value());
                }
            } catch (WakeupException | org.apache.kafka.common.errors.InterruptException e) {
                // closed by the test
            }
        });
        return new Consumer(() -> List.copyOf(bodies), () -> {
            kafka.wakeup();
            poller.interrupt();
            try {
                poller.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
