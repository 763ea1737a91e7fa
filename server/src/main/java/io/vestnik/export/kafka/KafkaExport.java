package io.vestnik.export.kafka;

import io.vestnik.domain.ExportEvent;
import io.vestnik.export.EventExport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Events into one Kafka topic with the official client: the record key is the event's stream
 * ({@code chat:<id>}), so a chat's events share a partition and keep their order; the value is the
 * event's JSON; headers {@code vestnik-event-id} and {@code vestnik-event-type}. {@code acks=all}
 * with the idempotent producer: a future completes once every in-sync replica has the record, and
 * the client's own retries neither duplicate nor reorder within a partition. The producer reconnects
 * by itself; a record not confirmed within the timeout fails its future (the exporter publishes it
 * again, with the same id).
 */
public final class KafkaExport implements EventExport {
    private final String topic;
    private final Producer<String, String> producer;

    public KafkaExport(String bootstrapServers, String topic, Duration timeout) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 1,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis() / 2,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                // send() waits for the topic's metadata while the broker is away: never past the timeout.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis() / 2,
                ProducerConfig.CLIENT_ID_CONFIG, "vestnik-export"),
                new StringSerializer(), new StringSerializer());
    }

    @Override
    public String engine() {
        return "kafka";
    }

    @Override
    public CompletableFuture<Void> publish(ExportEvent event) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, event.stream(), event.body());
        record.headers().add("vestnik-event-id", event.id().getBytes(StandardCharsets.UTF_8));
        record.headers().add("vestnik-event-type", event.type().wire().getBytes(StandardCharsets.UTF_8));
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, failure) -> {
                if (failure == null) confirmed.complete(null);
                else confirmed.completeExceptionally(failure);
            });
        } catch (RuntimeException e) {
            confirmed.completeExceptionally(e);
        }
        return confirmed;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
