package io.vestnik.export;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import io.vestnik.export.nats.NatsExport;
import io.vestnik.testing.TcpProxy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The export contract against the NATS server on 127.0.0.1:4222 (JetStream on). Each test exports
 * into its own stream (created by the export, deleted after the test); the consumer reads what the
 * stream stored, so JetStream's own de-duplication by {@code Nats-Msg-Id} is part of what is seen.
 */
class NatsExportTest extends EventExportContract {
    private static final int NATS_PORT = 4222;
    private static TcpProxy proxy;
    private static Connection reader;

    @BeforeAll
    static void connect() throws IOException, InterruptedException {
        proxy = TcpProxy.to(NATS_PORT);
        reader = Nats.connect("nats://127.0.0.1:" + NATS_PORT);
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        reader.close();
        proxy.close();
    }

    @AfterEach
    void deleteStream() throws IOException, JetStreamApiException {
        JetStreamManagement management = reader.jetStreamManagement();
        if (management.getStreamNames().contains(name)) management.deleteStream(name);
    }

    @Override
    protected TcpProxy proxy() {
        return proxy;
    }

    @Override
    protected EventExport export(int port) {
        return new NatsExport("nats://127.0.0.1:" + port, name, name, TIMEOUT);
    }

    @Override
    protected Consumer consumer() {
        return new Consumer(this::stored, () -> {});
    }

    /** What the test's stream holds, in stream order (read message by message: the stream is small). */
    private List<String> stored() {
        List<String> bodies = new ArrayList<>();
        try {
            JetStreamManagement management = reader.jetStreamManagement();
            if (!management.getStreamNames().contains(name)) return bodies;
            long last = management.getStreamInfo(name).getStreamState().getLastSequence();
            for (long seq = 1; seq <= last; seq++) {
                MessageInfo message = management.getMessage(name, seq);
                bodies.add(new String(message.getData(), StandardCharsets.UTF_8));
            }
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException(e);
        }
        return bodies;
    }
}
