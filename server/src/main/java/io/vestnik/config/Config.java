package io.vestnik.config;

import io.vestnik.config.PartitionInterval;
import io.vestnik.search.SearchLanguage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything a node can be told, typed, with its default in {@link ConfigLoader}. Read once at
 * start-up from {@code VESTNIK_*} environment variables; a bad value stops the node with a sentence
 * naming the variable.
 */
public record Config(
        String host,
        int port,
        Path dataDir,
        PostgresUrl database,
        String redisUrl,
        BrokerKind broker,
        String nodeId,
        List<String> allowedOrigins,
        List<String> trustedProxies,
        boolean rateLimits,
        String jwtSecret,
        String hostJwtSecret,
        String hostJwksUrl,
        String hostJwtIssuer,
        String hostJwtAudience,
        Duration hostJwtMaxLifetime,
        Duration accessTokenTtl,
        Duration refreshTokenTtl,
        Duration sessionMaxLifetime,
        Duration ticketTtl,
        Duration heartbeatInterval,
        Duration heartbeatTimeout,
        Duration typingTimeout,
        Duration streamTimeout,
        Duration presenceTtl,
        int maxFrameBytes,
        int maxQueuedBytes,
        int maxAttachmentBytes,
        long attachmentQuotaBytes,
        Duration attachmentUrlTtl,
        S3Settings s3,
        String adminToken,
        Duration retention,
        Duration cleanupInterval,
        int maxStreamsPerUser,
        HttpLimits httpLimits,
        WebhookSettings webhooks,
        ExportSettings export,
        Logging logging,
        SearchLanguage searchLanguage,
        PartitionInterval partitionInterval,
        NodeRole role) {

    public enum BrokerKind { MEMORY, REDIS, POSTGRES }

    public boolean usesPostgres() {
        return database != null;
    }

    /** False when {@code VESTNIK_RETENTION=off}: messages are kept for ever ({@link #retention()} is null). */
    public boolean retainsMessages() {
        return retention != null;
    }

    public boolean hostTokensEnabled() {
        return hostJwtSecret != null || hostJwksUrl != null;
    }
}
