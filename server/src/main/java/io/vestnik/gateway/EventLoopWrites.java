package io.vestnik.gateway;

import io.vertx.core.Context;
import io.vertx.core.internal.ContextInternal;
import io.vestnik.metrics.Metrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link LoopWrites} per event loop: the router hands all of a loop's feeds an event in one
 * task, and its writes are flushed once. A connection's context is a duplicate of its loop's
 * (Vert.x makes one per request), so the loop's own context is the key; keyed by the duplicate,
 * every connection would get writes of its own (one task, one encode and one flush per recipient)
 * and the map would keep one entry per connection ever opened. Thread-safe.
 */
final class EventLoopWrites {
    private final Map<Context, LoopWrites> loops = new ConcurrentHashMap<>();
    private final Metrics metrics;

    EventLoopWrites(Metrics metrics) {
        this.metrics = metrics;
    }

    LoopWrites of(Context context) {
        Context loop = ((ContextInternal) context).unwrap();
        return loops.computeIfAbsent(loop, c -> new LoopWrites(task -> c.runOnContext(ignored -> task.run()), metrics));
    }
}
