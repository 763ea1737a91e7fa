package io.vestnik.broker;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The single-node broker: an envelope published here is handed straight to this node's handler,
 * on the publishing thread, so one publisher's envelopes keep their order.
 */
public final class MemoryBroker implements Broker {
    private final Set<String> topics = ConcurrentHashMap.newKeySet();
    private volatile Handler handler;

    @Override
    public void start(Handler handler) {
        this.handler = handler;
    }

    @Override
    public CompletionStage<Void> subscribe(String topic) {
        topics.add(topic);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void unsubscribe(String topic) {
        topics.remove(topic);
    }

    @Override
    public void publish(Envelope envelope) {
        if (topics.contains(envelope.topic())) handler.onEnvelope(envelope);
    }

    @Override
    public boolean healthy() {
        return handler != null;
    }

    @Override
    public void close() {
        topics.clear();
    }
}
