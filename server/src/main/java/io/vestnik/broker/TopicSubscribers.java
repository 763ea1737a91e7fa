package io.vestnik.broker;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * One topic's local subscribers, kept grouped by their {@link Subscriber#executor()}, so an event
 * reaches them as one task per thread with nothing allocated or updated per recipient. Changed
 * only under the router's per-topic lock; read from any thread (a task sees the group as it is
 * when it runs: a subscriber that left meanwhile is skipped, one that joined is included, and
 * its feed drops what it already has).
 */
final class TopicSubscribers {
    private final Map<Executor, Set<Subscriber>> byExecutor = new ConcurrentHashMap<>(4);

    void add(Subscriber subscriber) {
        byExecutor.computeIfAbsent(subscriber.executor(), executor -> ConcurrentHashMap.newKeySet()).add(subscriber);
    }

    /** True once none is left. */
    boolean remove(Subscriber subscriber) {
        byExecutor.computeIfPresent(subscriber.executor(), (executor, group) -> {
            group.remove(subscriber);
            return group.isEmpty() ? null : group;
        });
        return byExecutor.isEmpty();
    }

    /** An event: one task on each subscriber thread, delivering to every subscriber there but the skipped one. */
    void deliver(Envelope envelope) {
        String skip = envelope.skipConnection();
        byExecutor.forEach((executor, group) -> executor.execute(() -> {
            for (Subscriber subscriber : group) {
                if (skip == null || !skip.equals(subscriber.id())) subscriber.deliver(envelope);
            }
        }));
    }

    /** An instruction: handed to each subscriber on the calling thread. */
    void receive(Envelope envelope) {
        for (Set<Subscriber> group : byExecutor.values()) {
            for (Subscriber subscriber : group) subscriber.receive(envelope);
        }
    }

    void addTo(Set<Subscriber> everyone) {
        byExecutor.values().forEach(everyone::addAll);
    }
}
