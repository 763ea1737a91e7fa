package io.vestnik.config;

import java.time.Duration;

/**
 * Where events are exported (decision 0034); every node of a deployment that exports names the same.
 *
 * @param engine         the broker, or {@link Engine#NONE}
 * @param kafkaServers   Kafka bootstrap servers, {@code host:port,…}
 * @param kafkaTopic     the topic every event goes to (key = the chat's stream)
 * @param natsUrl        the NATS server
 * @param natsStream     the JetStream stream, created when missing
 * @param natsSubject    subjects are {@code <natsSubject>.<event type>}
 * @param rabbitMqUrl    {@code amqp://user:password@host:port/vhost}
 * @param rabbitMqExchange the durable topic exchange (routing key = event type), declared when missing
 * @param timeout        a publish not confirmed within this failed and is tried again; the lease is three times it
 */
public record ExportSettings(Engine engine, String kafkaServers, String kafkaTopic, String natsUrl, String natsStream,
                             String natsSubject, String rabbitMqUrl, String rabbitMqExchange, Duration timeout) {

    public enum Engine { NONE, KAFKA, NATS, RABBITMQ }
}
