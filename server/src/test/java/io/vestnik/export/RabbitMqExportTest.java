package io.vestnik.export;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.vestnik.export.rabbitmq.RabbitMqExport;
import io.vestnik.testing.TcpProxy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The export contract against the RabbitMQ server on 127.0.0.1:5672 (guest/guest). Each test
 * exports into its own topic exchange; the consumer binds its own exclusive queue to every routing
 * key ({@code #}) before the export starts; both are deleted after the test.
 */
class RabbitMqExportTest extends EventExportContract {
    private static final int RABBITMQ_PORT = 5672;
    private static TcpProxy proxy;
    private static Connection reader;

    @BeforeAll
    static void connect() throws IOException, TimeoutException {
        proxy = TcpProxy.to(RABBITMQ_PORT);
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(RABBITMQ_PORT);
        reader = factory.newConnection("vestnik-export-test");
    }

    @AfterAll
    static void disconnect() throws IOException {
        reader.close();
        proxy.close();
    }

    @AfterEach
    void deleteExchange() throws IOException, TimeoutException {
        try (Channel channel = reader.createChannel()) {
            channel.exchangeDelete(name);
        }
    }

    @Override
    protected TcpProxy proxy() {
        return proxy;
    }

    @Override
    protected EventExport export(int port) {
        return new RabbitMqExport("amqp://guest:guest@127.0.0.1:" + port, name, TIMEOUT);
    }

    @Override
    protected Consumer consumer() {
        try {
            Channel channel = reader.createChannel();
            channel.exchangeDeclare(name, "topic", true);
            String queue = channel.queueDeclare().getQueue();
            channel.queueBind(queue, name, "#");
            List<String> bodies = new CopyOnWriteArrayList<>();
            channel.basicConsume(queue, true, (tag, delivery) -> bodies.add(new String(delivery.getBody(), StandardCharsets.UTF_8)), tag -> {});
            return new Consumer(() -> List.copyOf(bodies), () -> closeQuietly(channel));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void closeQuietly(Channel channel) {
        try {
            channel.close();
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }
}
