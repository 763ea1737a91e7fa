package io.vestnik.node;

import io.vestnik.config.Config;
import io.vestnik.redis.RedisTarget;
import io.vestnik.config.Durations;
import java.util.List;
import java.util.Locale;

/**
 * What a node says once it serves: which build, where its data and events go, what it lets in,
 * and where to look next. One line per subject, so JSON logs keep one object per line too.
 * Nothing secret: the database appears as host and name, the Redis URL not at all.
 */
public final class StartupSummary {
    private StartupSummary() {}

    /** @param version the build's version, or null when not run from the jar (a development build) */
    public static List<String> lines(Config config, int port, String version) {
        String base = "http://" + (config.host().equals("0.0.0.0") ? "localhost" : config.host()) + ":" + port;
        return List.of(
                "Vestnik " + (version == null ? "(development build)" : version) + " started: node " + config.nodeId()
                        + ", listening on " + base,
                "storage: " + (config.usesPostgres() ? "postgresql at " + config.database().where()
                        : "sqlite in " + config.dataDir().toAbsolutePath().normalize()),
                "broker: " + broker(config),
                "allowed origins: " + origins(config.allowedOrigins()) + "; rate limits: " + (config.rateLimits() ? "on" : "off"),
                "retention: " + (config.retainsMessages() ? "messages kept " + Durations.format(config.retention()) : "off, messages kept for ever")
                        + ", cleanup every " + Durations.format(config.cleanupInterval()),
                "API docs: " + base + "/api/docs; metrics: " + base + "/metrics; readiness: " + base + "/health/ready");
    }

    private static String broker(Config config) {
        return switch (config.broker()) {
            case MEMORY -> "memory (this node only)";
            case REDIS -> RedisTarget.parse(config.redisUrl()).cluster()
                    ? "redis cluster (sharded pub/sub between nodes)" : "redis (pub/sub between nodes)";
            case POSTGRES -> "postgres (LISTEN/NOTIFY between nodes)";
        };
    }

    private static String origins(List<String> allowed) {
        if (allowed.isEmpty()) return "same origin only";
        return allowed.contains("*") ? "any (*)" : String.join(", ", allowed).toLowerCase(Locale.ROOT);
    }
}
