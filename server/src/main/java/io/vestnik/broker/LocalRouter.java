package io.vestnik.broker;

import io.vestnik.metrics.Metrics;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routes envelopes from the broker to this node's subscribers, and keeps the node subscribed to
 * exactly the topics that some local subscriber wants: the first local subscriber of a topic
 * subscribes the node, the last one to leave unsubscribes it.
 */
public final class LocalRouter implements Broker.Handler {
    private final Broker broker;
    private final Metrics metrics;
    private final Map<String, TopicSubscribers> byTopic = new ConcurrentHashMap<>();
    private final Map<String, CompletionStage<Void>> subscriptions = new ConcurrentHashMap<>();

    public LocalRouter(Broker broker, Metrics metrics) {
        this.broker = broker;
        this.metrics = metrics;
    }

    /** Adds the subscriber; the stage completes when the node's subscription to the topic is live. */
    public CompletionStage<Void> join(String topic, Subscriber subscriber) {
        byTopic.compute(topic, (t, subscribers) -> {
            if (subscribers == null) {
                subscribers = new TopicSubscribers();
                subscriptions.put(t, broker.subscribe(t));
            }
            subscribers.add(subscriber);
            return subscribers;
        });
        return subscriptions.getOrDefault(topic, CompletableFuture.completedFuture(null));
    }

    public void leave(String topic, Subscriber subscriber) {
        byTopic.computeIfPresent(topic, (t, subscribers) -> {
            if (!subscribers.remove(subscriber)) return subscribers;
            subscriptions.remove(t);
            broker.unsubscribe(t);
            return null;
        });
    }

    public void publish(Envelope envelope) {
        metrics.brokerPublished(envelope.payload() == null ? 0 : envelope.payload().length());
        broker.publish(envelope);
    }

    /** Every local subscriber catches up from storage, once each. */
    @Override
    public void mayHaveMissed() {
        Set<Subscriber> everyone = new java.util.HashSet<>();
        byTopic.values().forEach(subscribers -> subscribers.addTo(everyone));
        everyone.forEach(Subscriber::catchUp);
    }

    @Override
    public void onEnvelope(Envelope envelope) {
        TopicSubscribers subscribers = byTopic.get(envelope.topic());
        metrics.brokerReceived(envelope.payload() == null ? 0 : envelope.payload().length(), subscribers != null);
        if (subscribers == null) return;
        // One task per thread, not per recipient: a group of 100 on two event loops costs two hops.
        if (envelope.toClients()) {
            subscribers.deliver(envelope);
        } else {
            subscribers.receive(envelope);
        }
    }

    /** How many topics this node is subscribed to. */
    public int topicCount() {
        return byTopic.size();
    }
}
