package io.vestnik.client;

import java.util.Set;

/**
 * A call the server refused, or that did not reach it. {@link #status()} is the HTTP status (0
 * when no answer came), {@link #code()} the server's error code ({@code invalid_request},
 * {@code forbidden}, {@code not_found}, {@code rate_limited}, ... as in docs/protocol.md) or
 * {@code network_error} / {@code closed} from the client itself.
 */
public final class VestnikException extends RuntimeException {
    /** Codes after which the same request may succeed later: the server said so, or never answered. */
    private static final Set<String> RETRYABLE = Set.of("network_error", "rate_limited", "unavailable", "internal_error");

    private final int status;
    private final String code;
    private final Integer retryAfterSeconds;

    public VestnikException(int status, String code, String message, Integer retryAfterSeconds) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static VestnikException network(Throwable cause) {
        VestnikException e = new VestnikException(0, "network_error", "No answer from the server: " + cause, null);
        e.initCause(cause);
        return e;
    }

    static VestnikException closed() {
        return new VestnikException(0, "closed", "The client was closed.", null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Seconds the server asked to wait (429, 503), or null. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** True when repeating the same request may succeed; a send repeated with its client_id is never stored twice. */
    public boolean retryable() {
        return RETRYABLE.contains(code);
    }

    @Override
    public String toString() {
        return "VestnikException[" + status + " " + code + "]: " + getMessage();
    }
}
