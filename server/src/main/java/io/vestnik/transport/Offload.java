package io.vestnik.transport;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vestnik.logging.RequestScope;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs blocking work (JDBC, Argon2) on virtual threads, so event loops only ever do I/O, and
 * hands the result back on the caller's context.
 */
public final class Offload implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Offload.class);
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final io.vestnik.broker.ThrottledLog backgroundFailures = new io.vestnik.broker.ThrottledLog(log);

    /**
     * Runs {@code work} on a virtual thread and completes the future on {@code context}; both with
     * the id of the request {@code context} handles, if any, in the log lines ({@link RequestScope}).
     */
    public <T> Future<T> call(Context context, Callable<T> work) {
        Promise<T> promise = Promise.promise();
        String requestId = RequestScope.of(context);
        executor.execute(() -> RequestScope.run(requestId, () -> {
            try {
                T value = work.call();
                context.runOnContext(ignored -> RequestScope.run(requestId, () -> promise.complete(value)));
            } catch (Throwable failure) {
                context.runOnContext(ignored -> RequestScope.run(requestId, () -> promise.fail(failure)));
            }
        }));
        return promise.future();
    }

    /**
     * Fire and forget, for work whose outcome nobody waits for (announcements, bookkeeping). A
     * failure is logged, throttled: thousands of sockets closing during a database outage write a
     * line every few seconds, not a stack trace each.
     */
    public void run(Runnable work) {
        executor.execute(() -> {
            try {
                work.run();
            } catch (RuntimeException failure) {
                backgroundFailures.warn("background work failed", failure.toString());
            }
        });
    }

    @Override
    public void close() {
        executor.close();
    }
}
