package io.vestnik.node;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Remembers what was started and stops it in reverse order; a failing stop does not stop the rest. */
final class Lifecycle implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

    @FunctionalInterface
    interface Stop<T> {
        void stop(T part) throws Exception;
    }

    private final Deque<Runnable> stops = new ArrayDeque<>();

    <T> T add(T part, Stop<T> stop) {
        stops.push(() -> {
            try {
                stop.stop(part);
            } catch (Exception e) {
                log.warn("stopping {} failed: {}", part.getClass().getSimpleName(), e.toString());
            }
        });
        return part;
    }

    @Override
    public void close() {
        while (!stops.isEmpty()) stops.pop().run();
    }
}
