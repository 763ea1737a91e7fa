package io.vestnik.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tracks the HTTP requests being handled, so a stopping node can say what its drain did: how
 * many were in flight when it stopped taking new ones, and of those how many got their answer
 * and how many were cut (their connection closed first). One per node, mounted on every event
 * loop's router.
 */
public final class InFlightRequests implements Handler<RoutingContext> {
    private final Set<RoutingContext> open = ConcurrentHashMap.newKeySet();
    private volatile Set<RoutingContext> atDrain = Set.of();
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicInteger cut = new AtomicInteger();

    /** What happened to the requests in flight when the drain began. */
    public record Drained(int inFlight, int finished, int cut) {}

    @Override
    public void handle(RoutingContext ctx) {
        open.add(ctx);
        ctx.addEndHandler(ended -> {
            open.remove(ctx);
            if (atDrain.contains(ctx)) (ended.succeeded() ? finished : cut).incrementAndGet();
        });
        ctx.next();
    }

    /** Requests being handled now. */
    public int open() {
        return open.size();
    }

    /** Remembers the requests in flight now. Call as the server stops taking new ones. */
    public void startDrain() {
        atDrain = Set.copyOf(open);
    }

    /** Call once the server has stopped: a request of the drain's still open then was cut too. */
    public Drained drained() {
        int left = (int) atDrain.stream().filter(open::contains).count();
        return new Drained(atDrain.size(), finished.get(), cut.get() + left);
    }
}
