package io.vestnik.broker.postgres;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Channel names. PostgreSQL channels are identifiers: at most 63 bytes, and LISTEN silently
 * truncates a longer one while pg_notify refuses it, so a long name would listen on one channel
 * and publish to another. A topic's channel is {@value #PREFIX} + topic, kept verbatim (no
 * character replaced, so no two topics can meet on one channel) and quoted in LISTEN; a name that
 * would be too long becomes {@value #HASHED} + a SHA-256 prefix of it instead.
 */
final class PgChannels {
    static final String PREFIX = "vestnik:";
    static final String HASHED = "vestnik#";
    private static final String CANARY = "vestnik-canary:";
    private static final int MAX_BYTES = 63;

    private PgChannels() {}

    static String topic(String topic) {
        return bounded(PREFIX + topic);
    }

    static String canary(String nodeId) {
        return bounded(CANARY + nodeId);
    }

    /** The channel as a quoted identifier for LISTEN and UNLISTEN. */
    static String quoted(String channel) {
        return '"' + channel.replace("\"", "\"\"") + '"';
    }

    private static String bounded(String name) {
        if (name.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) return name;
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return (HASHED + HexFormat.of().formatHex(hash)).substring(0, MAX_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
