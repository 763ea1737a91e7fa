package io.vestnik.transport;

import io.vestnik.broker.ThrottledLog;
import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Problem;
import io.vestnik.store.StorageUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a client is told when handling its request failed with something other than a
 * {@link Problem}. Both transports use it (HTTP error bodies, WebSocket {@code error} events), so
 * a failure reads the same on either: an unreachable database is {@code unavailable} (503, retry
 * shortly), anything else {@code internal_error} (500, logged with its stack trace).
 */
public final class Failures {
    private static final Logger log = LoggerFactory.getLogger(Failures.class);
    /** An outage fails every request; a line every few seconds says so without flooding the log. */
    private static final ThrottledLog outages = new ThrottledLog(log);

    private Failures() {}

    /** @param during what was being done, for the log ("request failed") */
    public static Problem problemOf(Throwable failure, String during) {
        if (failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null) {
            return problemOf(failure.getCause(), during);
        }
        if (failure instanceof Problem problem) return problem;
        if (StorageUnavailable.causes(failure)) {
            outages.warn(during + ": storage unavailable", failure.toString());
            return Problem.unavailable("Storage is unavailable; try again shortly.", StorageUnavailable.RETRY_AFTER_SECONDS);
        }
        log.error(during, failure);
        return Problem.of(ErrorCode.INTERNAL_ERROR, "Something went wrong on our side; try again.");
    }
}
