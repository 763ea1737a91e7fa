package io.vestnik.broker;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routes envelopes from the broker to this node's subscribers, and keeps the node subscribed to
 * exactly the topics that some local subscriber wants: the first local subscriber of a topic
 * subscribes the node, the last one to leave unsubscribes it.
 */
public final class LocalRouter implements Broker.Handler {
    private final Broker broker;
    private final Map<String, Set<Subscriber>> byTopic = new ConcurrentHashMap<>();

    public LocalRouter(Broker broker) {
        this.broker = broker;
    }

    public void join(String topic, Subscriber subscriber) {
        byTopic.compute(topic, (t, subscribers) -> {
            if (subscribers == null) {
                subscribers = ConcurrentHashMap.newKeySet();
                broker.subscribe(t);
            }
            subscribers.add(subscriber);
            return subscribers;
        });
    }

    public void leave(String topic, Subscriber subscriber) {
        byTopic.computeIfPresent(topic, (t, subscribers) -> {
            subscribers.remove(subscriber);
            if (!subscribers.isEmpty()) return subscribers;
            broker.unsubscribe(t);
            return null;
        });
    }

    public void publish(Envelope envelope) {
        broker.publish(envelope);
    }

    @Override
    public void onEnvelope(Envelope envelope) {
        Set<Subscriber> subscribers = byTopic.get(envelope.topic());
        if (subscribers == null) return;
        for (Subscriber subscriber : subscribers) {
            if (!subscriber.id().equals(envelope.skipConnection())) subscriber.receive(envelope);
        }
    }

    /** How many topics this node is subscribed to. */
    public int topicCount() {
        return byTopic.size();
    }
}
