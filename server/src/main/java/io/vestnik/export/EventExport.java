package io.vestnik.export;

import io.vestnik.domain.ExportEvent;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes Vestnik's events to a message broker, for the host's other services (requirement R18,
 * decision 0034). Implementations: {@code KafkaExport}, {@code NatsExport}, {@code RabbitMqExport}.
 *
 * <p><b>What a consumer is promised</b> (by this role together with the {@link Exporter} that
 * feeds it from the outbox):
 * <ul>
 *   <li><b>At least once.</b> Every event whose change committed is published, once the broker is
 *       reachable, however long it was not, and across node restarts and fail-overs; an event of a
 *       change that rolled back never is. The same event may be published again (after a lost
 *       confirmation or a fail-over) with the same {@link ExportEvent#id id} and the same body:
 *       consumers de-duplicate by that id (Kafka and RabbitMQ carry it as a header / message id;
 *       JetStream drops a repeat within its duplicate window by {@code Nats-Msg-Id}).</li>
 *   <li><b>Ordered per chat</b> (per user for notifications): a chat's events are published in the
 *       order their changes committed, each only after the broker confirmed the one before, and
 *       under one key (Kafka partition key, NATS message order, RabbitMQ queue order), so the
 *       first copy of each arrives in order. Different chats interleave.</li>
 *   <li><b>Visible</b>: lag (events waiting, age of the oldest), exported events and failures are
 *       meters ({@code vestnik_export_*}).</li>
 * </ul>
 *
 * <p><b>What an implementation must do.</b> {@link #publish} sends one event and returns a future
 * that completes only when the broker has durably taken it (Kafka {@code acks=all} with the
 * idempotent producer; a JetStream publish ack; a RabbitMQ publisher confirm), or completes
 * exceptionally when it cannot tell; it never throws. Successive calls for the same
 * {@link ExportEvent#stream stream} must land in call order when each waits for the previous
 * future (they do: the exporter never has two of a stream in flight). An implementation reconnects
 * by itself after an outage. Called from the exporter's one thread; {@link #close} from another.
 */
public interface EventExport extends AutoCloseable {

    /** The target's name, e.g. {@code kafka}: the metrics' {@code engine} label and the outbox's target. */
    String engine();

    /** Publishes {@code event}; the future completes once the broker confirmed it. Never throws. */
    CompletableFuture<Void> publish(ExportEvent event);

    /** Releases the connection; futures still open may complete exceptionally. */
    @Override
    void close();
}
