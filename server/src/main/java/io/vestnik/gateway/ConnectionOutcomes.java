package io.vestnik.gateway;

import io.vestnik.metrics.Refusal;
import io.vestnik.protocol.CloseCodes;
import io.vestnik.protocol.Problem;
import io.vestnik.store.StorageUnavailable;
import java.util.List;
import java.util.Set;

/**
 * How a live connection's refusal or end is told to the metrics: the cause of a refusal, and the
 * close code (WebSocket) or short reason (SSE, poll) of an end, each from a small fixed set so the
 * number of series stays bounded whatever clients send.
 */
public final class ConnectionOutcomes {
    /** Codes a WebSocket may end with, ours and the usual ones of clients; any other is counted as "other". */
    static final Set<Integer> WEBSOCKET_CODES = Set.of(1000, 1001, 1005, 1006, CloseCodes.INVALID_PAYLOAD, 1009, 1011,
            CloseCodes.RESTARTING, CloseCodes.HEARTBEAT_TIMEOUT, CloseCodes.UNAUTHORIZED, CloseCodes.POLICY_VIOLATION,
            CloseCodes.SLOW_CONSUMER);
    /** A WebSocket that ended without a close frame (RFC 6455's "abnormal closure"). */
    static final int NO_CLOSE_FRAME = 1006;
    static final String OTHER = "other";
    /** The client ended it (closed the stream, went away before its answer). */
    public static final String CLIENT = "client";
    /** A long poll answered, with events or at its timeout: the normal end of every poll. */
    public static final String ANSWERED = "answered";
    /** It could not open: storage down, an expired cursor. */
    public static final String FAILED = "failed";
    public static final List<String> STREAM_REASONS = List.of(CLIENT, "drain", "slow", "revoked", FAILED, OTHER);
    public static final List<String> POLL_REASONS = List.of(CLIENT, ANSWERED, "drain", "revoked", FAILED, OTHER);

    private ConnectionOutcomes() {}

    /** Why an upgrade, stream or poll was refused while authenticating or opening. */
    public static Refusal refusal(Throwable failure) {
        if (StorageUnavailable.causes(failure)) return Refusal.UNAVAILABLE;
        if (!(failure instanceof Problem problem)) return Refusal.HANDSHAKE;
        return switch (problem.code().status()) {
            case 429 -> Refusal.RATE_LIMIT;
            case 503 -> Refusal.UNAVAILABLE;
            case 500 -> Refusal.HANDSHAKE;
            case 400 -> Refusal.PROTOCOL; // a malformed query or cursor
            default -> Refusal.AUTH; // 401, and 403 for a session or user refused
        };
    }

    /** The tag of a WebSocket close code. */
    static String websocketCode(int code) {
        return WEBSOCKET_CODES.contains(code) ? Integer.toString(code) : OTHER;
    }

    /** The reason an SSE stream or poll ended when the node ended it with the WebSocket close {@code code}. */
    public static String reason(int code) {
        return switch (code) {
            case CloseCodes.RESTARTING -> "drain";
            case CloseCodes.SLOW_CONSUMER -> "slow";
            case CloseCodes.UNAUTHORIZED -> "revoked";
            default -> OTHER;
        };
    }
}
