package io.vestnik.export.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.vestnik.domain.ExportEvent;
import io.vestnik.export.EventExport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * Events into a durable RabbitMQ topic exchange with the official client (amqp-client): routing key
 * = the event type ({@code message.created}), persistent messages, {@code message_id} = the event id,
 * {@code type} = its type. The channel is in publisher-confirm mode: a future completes when the
 * broker confirms the message (routed queues have it; for durable queues, on disk) and fails on a
 * nack or when the channel closes. No automatic recovery: a closed connection fails what was
 * unconfirmed, and the next publish opens a new one (the exporter publishes the failed ones again).
 */
public final class RabbitMqExport implements EventExport {
    private final ConnectionFactory factory;
    private final String exchange;
    private Connection connection;
    private ConfirmedChannel channel;

    public RabbitMqExport(String url, String exchange, Duration timeout) {
        this.exchange = exchange;
        this.factory = new ConnectionFactory();
        try {
            factory.setUri(url);
        } catch (Exception e) {
            throw new IllegalArgumentException("Not an AMQP URL: " + e.getMessage(), e);
        }
        factory.setAutomaticRecoveryEnabled(false);
        factory.setConnectionTimeout((int) timeout.toMillis());
        factory.setHandshakeTimeout((int) timeout.toMillis());
    }

    @Override
    public String engine() {
        return "rabbitmq";
    }

    @Override
    public synchronized CompletableFuture<Void> publish(ExportEvent event) {
        try {
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                    .contentType("application/json").deliveryMode(2).messageId(event.id()).type(event.type().wire())
                    .timestamp(Date.from(event.createdAt())).build();
            return channel().publish(exchange, event.type().wire(), properties, event.body().getBytes(StandardCharsets.UTF_8));
        } catch (IOException | TimeoutException | RuntimeException e) {
            disconnect();
            return CompletableFuture.failedFuture(e);
        }
    }

    private ConfirmedChannel channel() throws IOException, TimeoutException {
        if (channel != null && channel.isOpen()) return channel;
        disconnect();
        connection = factory.newConnection("vestnik-export");
        channel = new ConfirmedChannel(connection.createChannel());
        channel.declareTopic(exchange);
        return channel;
    }

    private void disconnect() {
        if (connection == null) return;
        try {
            connection.abort();
        } finally {
            connection = null;
            channel = null;
        }
    }

    @Override
    public synchronized void close() {
        disconnect();
    }

    /** Futures complete with the channel's own delivery tags; its shutdown fails those still open. */
    static final class ConfirmedChannel {
        private final Channel channel;
        private final Confirms confirms = new Confirms();

        ConfirmedChannel(Channel channel) throws IOException {
            this.channel = channel;
            channel.confirmSelect();
            channel.addConfirmListener((tag, multiple) -> confirms.settle(tag, multiple, null),
                    (tag, multiple) -> confirms.settle(tag, multiple, new IOException("RabbitMQ refused the message (nack)")));
            channel.addShutdownListener(confirms::failAll);
        }

        boolean isOpen() {
            return channel.isOpen();
        }

        void declareTopic(String exchange) throws IOException {
            channel.exchangeDeclare(exchange, "topic", true);
        }

        CompletableFuture<Void> publish(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) throws IOException {
            CompletableFuture<Void> confirmed = confirms.expect(channel.getNextPublishSeqNo());
            channel.basicPublish(exchange, routingKey, properties, body);
            return confirmed;
        }
    }
}
