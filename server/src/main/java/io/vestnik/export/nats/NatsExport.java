package io.vestnik.export.nats;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.vestnik.broker.ThrottledLog;
import io.vestnik.domain.ExportEvent;
import io.vestnik.export.EventExport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.LoggerFactory;

/**
 * Events into a NATS JetStream stream with the official client (jnats), on one subject per event
 * type: {@code <subject>.<type>}, e.g. {@code vestnik.events.message.created}. Each publish carries
 * {@code Nats-Msg-Id} = the event id, so JetStream itself drops a repeat within the stream's
 * duplicate window; its future completes with JetStream's publish ack (the stream stored it).
 * The stream is created (file storage, capturing {@code <subject>.>}) when it does not exist.
 * Connects on first use and, once connected, reconnects by itself; a connection that cannot be made
 * fails the publishes, and the next publish tries again.
 */
public final class NatsExport implements EventExport {
    private final String url;
    private final String stream;
    private final String subject;
    private final Duration timeout;
    private final ThrottledLog errors = new ThrottledLog(LoggerFactory.getLogger(NatsExport.class));
    private Connection connection;
    private JetStream jetStream;

    public NatsExport(String url, String stream, String subject, Duration timeout) {
        this.url = url;
        this.stream = stream;
        this.subject = subject;
        this.timeout = timeout;
    }

    @Override
    public String engine() {
        return "nats";
    }

    @Override
    public CompletableFuture<Void> publish(ExportEvent event) {
        try {
            Headers headers = new Headers().add("Vestnik-Event-Type", event.type().wire());
            return jetStream().publishAsync(subject + "." + event.type().wire(), headers,
                            event.body().getBytes(StandardCharsets.UTF_8), PublishOptions.builder().messageId(event.id()).build())
                    .thenApply(ack -> null);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
    }

    private synchronized JetStream jetStream() throws IOException, InterruptedException, JetStreamApiException {
        if (jetStream != null) return jetStream;
        Connection connected = Nats.connect(Options.builder().server(url).connectionTimeout(timeout)
                .maxReconnects(-1).connectionName("vestnik-export").errorListener(new QuietErrors()).build());
        try {
            ensureStream(connected.jetStreamManagement());
            jetStream = connected.jetStream(JetStreamOptions.builder().requestTimeout(timeout).build());
            connection = connected;
            return jetStream;
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            connected.close();
            throw e;
        }
    }

    private void ensureStream(JetStreamManagement management) throws IOException, JetStreamApiException {
        try {
            management.getStreamInfo(stream);
        } catch (JetStreamApiException notFound) {
            management.addStream(StreamConfiguration.builder().name(stream).subjects(subject + ".>")
                    .storageType(StorageType.File).duplicateWindow(Duration.ofMinutes(2)).build());
        }
    }

    /** The client's connection errors through the node's log, once per few seconds while they repeat (an outage retries every 2 s). */
    private final class QuietErrors implements ErrorListener {
        @Override
        public void errorOccurred(Connection connection, String error) {
            errors.warn("NATS export connection", error);
        }

        @Override
        public void exceptionOccurred(Connection connection, Exception exception) {
            errors.warn("NATS export connection", exception.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (connection == null) return;
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
