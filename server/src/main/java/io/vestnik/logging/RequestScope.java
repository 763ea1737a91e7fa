package io.vestnik.logging;

import io.vertx.core.Context;
import io.vertx.core.spi.context.storage.ContextLocal;
import org.slf4j.MDC;

/**
 * Carries a request's id into every log line written while handling it ({@code request_id} in the
 * logging MDC). Vert.x hands each HTTP request its own (duplicated) context, and every step of
 * the request runs on it, even when the MDC's thread-local value is long gone (the body arrived
 * later, blocking work came back from a virtual thread). So the id is kept in the context and put
 * into the MDC around each step by whoever runs one: the router's first handler
 * ({@code http/RequestIds}, which also resumes the chain after the body has arrived), and
 * {@code Offload} for blocking work and its completion.
 */
public final class RequestScope {
    public static final String MDC_KEY = "request_id";
    /**
     * Vert.x gives each context a slot for every local registered before the Vertx instance was
     * made: the node calls {@link #register()} before making its own.
     */
    private static final ContextLocal<String> REQUEST_ID = ContextLocal.registerLocal(String.class);

    private RequestScope() {}

    /** Makes sure the context slot exists: call before creating the Vertx instance that serves requests. */
    public static void register() {
        // Loading this class registered REQUEST_ID.
    }

    /** Remembers {@code requestId} for everything run later on {@code context} (a request's own context). */
    public static void bind(Context context, String requestId) {
        REQUEST_ID.put(context, requestId);
    }

    /** The id bound to {@code context}, or null when it handles no request. */
    public static String of(Context context) {
        return context == null ? null : REQUEST_ID.get(context);
    }

    /** Runs {@code step} with {@code requestId} (may be null: none) in the MDC, then restores what was there. */
    public static void run(String requestId, Runnable step) {
        if (requestId == null) {
            step.run();
            return;
        }
        String outer = MDC.get(MDC_KEY);
        MDC.put(MDC_KEY, requestId);
        try {
            step.run();
        } finally {
            if (outer == null) MDC.remove(MDC_KEY);
            else MDC.put(MDC_KEY, outer);
        }
    }
}
