package io.vestnik.broker.postgres;

import io.vestnik.config.PostgresUrl;
import io.vestnik.broker.Broker;
import io.vestnik.broker.Canary;
import io.vestnik.broker.Envelope;
import io.vestnik.broker.EnvelopeCodec;
import io.vestnik.broker.Inbound;
import java.util.concurrent.CompletionStage;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * PostgreSQL LISTEN/NOTIFY between nodes, for deployments without Redis. Channels are per
 * database: every node must use the same database. See {@link PgChannels} for naming and
 * {@link NotifyChunks} for envelopes over NOTIFY's 8000-byte limit.
 *
 * <p>Two dedicated connections, each owned by its own thread ({@link ConnectionLoop}): one
 * listens ({@link PgListener}), one publishes from a queue ({@link PgPublisher}); both reconnect
 * with backoff, and the listener listens to every subscribed channel again. {@link #start} does
 * not wait for PostgreSQL: {@link #healthy} tells when delivery works.
 *
 * <p>Threading: every method returns at once. The handler runs on the listen thread, one envelope
 * at a time, so envelopes one node published to one topic arrive in order.
 */
public final class PostgresBroker implements Broker {
    private final PostgresUrl url;
    private final String nodeId;
    private final String canaryChannel;
    private final String publisherId = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong messageIds = new AtomicLong();
    private PgListener listener;
    private PgPublisher publisher;
    private ConnectionLoop listenLoop;
    private ConnectionLoop publishLoop;
    private Canary canary;

    /** {@code nodeId} names the connections ({@code vestnik-broker-listen:<nodeId>}) and the canary channel. */
    public PostgresBroker(PostgresUrl url, String nodeId) {
        this.url = url;
        this.nodeId = nodeId;
        this.canaryChannel = PgChannels.canary(nodeId);
    }

    @Override
    public void start(Handler handler) {
        listener = new PgListener((channel, message) -> receive(handler, channel, message), handler::mayHaveMissed);
        publisher = new PgPublisher();
        canary = new Canary("vestnik-postgres-canary", this::ping);
        listener.listen(canaryChannel);
        listenLoop = new ConnectionLoop(url, "vestnik-broker-listen:" + nodeId, listener);
        publishLoop = new ConnectionLoop(url, "vestnik-broker-publish:" + nodeId, publisher);
    }

    @Override
    public CompletionStage<Void> subscribe(String topic) {
        return listener.listen(PgChannels.topic(topic));
    }

    @Override
    public void unsubscribe(String topic) {
        listener.unlisten(PgChannels.topic(topic));
    }

    @Override
    public void publish(Envelope envelope) {
        send(PgChannels.topic(envelope.topic()), EnvelopeCodec.encode(envelope));
    }

    private void ping(String text) {
        send(canaryChannel, text);
    }

    private void send(String channel, String message) {
        String messageId = publisherId + "-" + messageIds.incrementAndGet();
        publisher.offer(new PgPublisher.Notification(channel, NotifyChunks.split(message, messageId)));
    }

    @Override
    public boolean healthy() {
        return listenLoop != null && listenLoop.connected() && publishLoop.connected() && canary.alive();
    }

    /** The last canary round trip through PostgreSQL, or null before the first; for a metric. */
    @Override
    public Duration lastRoundTrip() {
        return canary == null ? null : canary.lastRoundTrip();
    }

    @Override
    public void close() {
        if (canary != null) canary.close();
        if (listenLoop != null) listenLoop.close();
        if (publishLoop != null) publishLoop.close();
    }

    private void receive(Handler handler, String channel, String message) {
        if (channel.equals(canaryChannel)) canary.pong(message);
        else Inbound.deliver(handler, channel, message);
    }
}
