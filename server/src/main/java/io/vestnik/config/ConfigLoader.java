package io.vestnik.config;

import io.vestnik.config.PartitionInterval;
import io.vestnik.redis.RedisTarget;
import io.vestnik.search.SearchLanguage;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Builds {@link Config} from environment variables. Every default lives here. Collects every
 * bad value before failing, so one start-up tells the operator everything that is wrong.
 */
public final class ConfigLoader {
    private static final String PREFIX = "VESTNIK_";
    /** Read by bin/vestnik and the test suite, not by the server. */
    private static final List<String> NOT_FOR_THE_SERVER = List.of("VESTNIK_JAVA_OPTS", "VESTNIK_TEST_");
    /** At most three letters wrong, missing or extra, and one per four typed: a typo, not another word. */
    private static final int MOST_TYPOS = 3;
    private static final LevenshteinDistance TYPO = new LevenshteinDistance(MOST_TYPOS);

    private final Map<String, String> env;
    private final List<String> errors = new ArrayList<>();
    private final java.util.HashSet<String> known = new java.util.HashSet<>();

    private ConfigLoader(Map<String, String> env) {
        this.env = env;
    }

    /** Thrown with every problem found, one per line. */
    public static final class InvalidConfig extends RuntimeException {
        public InvalidConfig(List<String> errors) {
            super("Invalid configuration:\n  " + String.join("\n  ", errors));
        }
    }

    /** @param warnings one sentence per ignored variable, with a suggestion when it looks like a typo */
    public record Loaded(Config config, List<String> warnings) {}

    public static Loaded load(Map<String, String> env) {
        return new ConfigLoader(env).build();
    }

    private Loaded build() {
        PostgresUrl database = database(text("DATABASE_URL", null));
        String redisUrl = redis(text("REDIS_URL", null));
        Config config = new Config(
                text("HOST", "0.0.0.0"),
                integer("PORT", 8080, 0, 65535),
                Path.of(text("DATA_DIR", "./data")),
                database,
                redisUrl,
                brokerKind(redisUrl, database),
                text("NODE_ID", defaultNodeId()),
                list("ALLOWED_ORIGINS"),
                list("TRUSTED_PROXIES"),
                onOff("RATE_LIMITS", true),
                text("JWT_SECRET", null),
                text("HOST_JWT_SECRET", null),
                text("HOST_JWKS_URL", null),
                text("HOST_JWT_ISSUER", null),
                text("HOST_JWT_AUDIENCE", null),
                duration("HOST_JWT_MAX_LIFETIME", Duration.ofHours(24)),
                duration("ACCESS_TOKEN_TTL", Duration.ofMinutes(15)),
                duration("REFRESH_TOKEN_TTL", Duration.ofDays(30)),
                duration("SESSION_MAX_LIFETIME", Duration.ofDays(90)),
                duration("TICKET_TTL", Duration.ofSeconds(60)),
                duration("HEARTBEAT_INTERVAL", Duration.ofSeconds(54)),
                duration("HEARTBEAT_TIMEOUT", Duration.ofSeconds(60)),
                duration("TYPING_TIMEOUT", Duration.ofSeconds(6)),
                duration("STREAM_TIMEOUT", Duration.ofSeconds(120)),
                duration("PRESENCE_TTL", Duration.ofSeconds(30)),
                integer("MAX_FRAME_BYTES", 64 * 1024, 1024, 16 * 1024 * 1024),
                integer("MAX_QUEUED_BYTES", 1024 * 1024, 64 * 1024, 64 * 1024 * 1024),
                integer("MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024, 1, 256 * 1024 * 1024),
                parsed("ATTACHMENT_QUOTA_BYTES", 1024L * 1024 * 1024, "a whole number of bytes", Long::parseLong),
                duration("ATTACHMENT_URL_TTL", Duration.ofHours(1)),
                s3(),
                text("ADMIN_TOKEN", null),
                retention("RETENTION", Duration.ofDays(90)),
                duration("CLEANUP_INTERVAL", Duration.ofHours(1)),
                integer("MAX_STREAMS_PER_USER", 16, 1, 1_000),
                httpLimits(),
                webhooks(),
                export(),
                logging(),
                parsed("SEARCH_LANGUAGE", SearchLanguage.DEFAULT, "one of russian, english, simple", SearchLanguage::named),
                choice("PARTITION_INTERVAL", PartitionInterval.DEFAULT),
                choice("ROLE", NodeRole.ALL));
        if (config.jwtSecret() != null && config.jwtSecret().length() < 32) {
            errors.add("VESTNIK_JWT_SECRET must be at least 32 characters long.");
        }
        if (config.broker() != Config.BrokerKind.MEMORY && config.jwtSecret() == null) {
            errors.add("VESTNIK_JWT_SECRET must be set when several nodes share the work (VESTNIK_BROKER="
                    + config.broker().name().toLowerCase(Locale.ROOT) + "): every node must verify every node's tokens.");
        }
        if (!config.heartbeatTimeout().minus(config.heartbeatInterval()).isPositive()) {
            errors.add("VESTNIK_HEARTBEAT_TIMEOUT must be longer than VESTNIK_HEARTBEAT_INTERVAL.");
        }
        if (config.attachmentQuotaBytes() < config.maxAttachmentBytes()) {
            errors.add("VESTNIK_ATTACHMENT_QUOTA_BYTES must be at least VESTNIK_MAX_ATTACHMENT_BYTES, or a file of the largest size could never be stored.");
        }
        if (config.httpLimits().uploadMemoryBudget() < config.maxAttachmentBytes()) {
            errors.add("VESTNIK_UPLOAD_MEMORY_BUDGET must be at least VESTNIK_MAX_ATTACHMENT_BYTES, or no upload could ever be read.");
        }
        if (config.role() != NodeRole.ALL && (!config.usesPostgres() || config.broker() == Config.BrokerKind.MEMORY)) {
            errors.add("VESTNIK_ROLE=" + config.role().name().toLowerCase(Locale.ROOT) + " needs nodes of the other role"
                    + " sharing its work: set VESTNIK_DATABASE_URL (PostgreSQL) and a cross-node broker (VESTNIK_REDIS_URL"
                    + " or VESTNIK_BROKER=postgres).");
        }
        if (!errors.isEmpty()) throw new InvalidConfig(errors);
        List<String> warnings = env.keySet().stream()
                .filter(k -> k.startsWith(PREFIX) && !known.contains(k))
                .filter(k -> NOT_FOR_THE_SERVER.stream().noneMatch(k::startsWith))
                .sorted()
                .map(this::unknown)
                .toList();
        return new Loaded(config, warnings);
    }

    private String unknown(String name) {
        String warning = "Ignoring unknown setting " + name;
        return closestKnown(name).map(match -> warning + "; did you mean " + match + "?").orElse(warning);
    }

    private java.util.Optional<String> closestKnown(String name) {
        String typed = name.substring(PREFIX.length());
        int allowed = Math.min(MOST_TYPOS, typed.length() / 4);
        java.util.function.ToIntFunction<String> typos = k -> TYPO.apply(typed, k.substring(PREFIX.length()));
        return known.stream()
                .filter(k -> typos.applyAsInt(k) >= 0 && typos.applyAsInt(k) <= allowed)
                .min(java.util.Comparator.comparingInt(typos).thenComparing(k -> k));
    }

    private String raw(String name) {
        known.add(PREFIX + name);
        String value = env.get(PREFIX + name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private String text(String name, String fallback) {
        String value = raw(name);
        return value == null ? fallback : value;
    }

    private <T> T parsed(String name, T fallback, String expected, Function<String, T> parser) {
        String value = raw(name);
        if (value == null) return fallback;
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            errors.add(PREFIX + name + "=" + value + " is not " + expected + ".");
            return fallback;
        }
    }

    private int integer(String name, int fallback, int min, int max) {
        int value = parsed(name, fallback, "a whole number", Integer::parseInt);
        if (value < min || value > max) {
            errors.add(PREFIX + name + "=" + value + " must be between " + min + " and " + max + ".");
        }
        return value;
    }

    /** The upload budget defaults to a quarter of the heap: uploads can never crowd out the rest of the node. */
    private HttpLimits httpLimits() {
        return new HttpLimits(duration("HEADER_TIMEOUT", Duration.ofSeconds(10)),
                duration("KEEP_ALIVE_TIMEOUT", Duration.ofSeconds(75)),
                duration("BODY_TIMEOUT", Duration.ofSeconds(60)),
                parsed("UPLOAD_MEMORY_BUDGET", Runtime.getRuntime().maxMemory() / 4, "a whole number of bytes", Long::parseLong));
    }

    /** Attachments go to S3 when a bucket is named; the other settings need one. */
    private S3Settings s3() {
        String endpoint = text("S3_ENDPOINT", null);
        String bucket = text("S3_BUCKET", null);
        String region = text("S3_REGION", "us-east-1");
        String accessKey = text("S3_ACCESS_KEY", null);
        String secretKey = text("S3_SECRET_KEY", null);
        if (bucket == null) {
            if (endpoint != null || accessKey != null || secretKey != null) {
                errors.add("VESTNIK_S3_BUCKET must be set with the other VESTNIK_S3_* settings.");
            }
            return null;
        }
        if ((accessKey == null) != (secretKey == null)) {
            errors.add("VESTNIK_S3_ACCESS_KEY and VESTNIK_S3_SECRET_KEY go together: set both, or neither for the AWS default credentials.");
        }
        return new S3Settings(endpoint, bucket, region, accessKey, secretKey);
    }

    /** Retries for a day by default (the contract's "at least 24 h"), backing off to an hour between tries. */
    private WebhookSettings webhooks() {
        return new WebhookSettings(onOff("WEBHOOKS_ALLOW_PRIVATE", false),
                duration("WEBHOOK_TIMEOUT", Duration.ofSeconds(10)),
                duration("WEBHOOK_RETRY_BASE", Duration.ofSeconds(1)),
                duration("WEBHOOK_RETRY_MAX", Duration.ofHours(1)),
                duration("WEBHOOK_RETRY_FOR", Duration.ofHours(24)),
                integer("WEBHOOK_CONCURRENCY", 4, 1, 256),
                duration("UNREAD_HOOK_DELAY", Duration.ofSeconds(30)));
    }

    /** Nothing is exported unless VESTNIK_EXPORT names a broker; each engine's defaults suit a broker on this machine. */
    private ExportSettings export() {
        return new ExportSettings(choice("EXPORT", ExportSettings.Engine.NONE),
                text("EXPORT_KAFKA_SERVERS", "127.0.0.1:9092"),
                text("EXPORT_KAFKA_TOPIC", "vestnik.events"),
                text("EXPORT_NATS_URL", "nats://127.0.0.1:4222"),
                text("EXPORT_NATS_STREAM", "VESTNIK_EVENTS"),
                text("EXPORT_NATS_SUBJECT", "vestnik.events"),
                text("EXPORT_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672"),
                text("EXPORT_RABBITMQ_EXCHANGE", "vestnik.events"),
                duration("EXPORT_TIMEOUT", Duration.ofSeconds(10)));
    }

    private boolean onOff(String name, boolean fallback) {
        return parsed(name, fallback, "'on' or 'off'", v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "on", "true", "1", "yes" -> true;
            case "off", "false", "0", "no" -> false;
            default -> throw new IllegalArgumentException(v);
        });
    }

    /** Written as {@link Durations#parse} reads them. */
    private Duration duration(String name, Duration fallback) {
        Duration value = parsed(name, fallback, "a duration such as 30s, 5m or PT30S", Durations::parse);
        if (value.isNegative() || value.isZero()) errors.add(PREFIX + name + " must be positive.");
        return value;
    }

    /**
     * How long messages are kept, or null for {@code off}. At least a day: a unit typo
     * ({@code 90m} for {@code 90d}) would otherwise delete nearly every message at the next run.
     */
    private Duration retention(String name, Duration fallback) {
        String value = raw(name);
        if (value != null && value.equalsIgnoreCase("off")) return null;
        Duration retention = duration(name, fallback);
        if (retention.compareTo(Duration.ofDays(1)) < 0) {
            errors.add(PREFIX + name + "=" + value + " must be at least 1d, or off to keep messages for ever.");
        }
        return retention;
    }

    private Logging logging() {
        return new Logging(choice("LOG_FORMAT", Logging.DEFAULT.format()), choice("LOG_LEVEL", Logging.DEFAULT.level()));
    }

    /** One of an enum's constants, by its lower-case name. */
    private <E extends Enum<E>> E choice(String name, E fallback) {
        E[] choices = fallback.getDeclaringClass().getEnumConstants();
        String expected = "one of " + String.join(", ", Arrays.stream(choices).map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
        return parsed(name, fallback, expected, v -> Enum.valueOf(fallback.getDeclaringClass(), v.toUpperCase(Locale.ROOT)));
    }

    private List<String> list(String name) {
        String value = raw(name);
        if (value == null) return List.of();
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** One URL is one Redis; several, comma-separated, are seeds of a Redis Cluster ({@link RedisTarget}). */
    private String redis(String url) {
        if (url == null) return null;
        try {
            RedisTarget.parse(url);
        } catch (IllegalArgumentException e) {
            errors.add("VESTNIK_REDIS_URL=" + url + " is not a Redis URL or a comma-separated list of cluster seeds"
                    + " (redis://host:6379, or redis://a:7000,b:7000,c:7000): " + e.getMessage());
        }
        return url;
    }

    private Config.BrokerKind brokerKind(String redisUrl, PostgresUrl database) {
        Config.BrokerKind fallback = redisUrl != null ? Config.BrokerKind.REDIS : Config.BrokerKind.MEMORY;
        Config.BrokerKind kind = choice("BROKER", fallback);
        if (kind == Config.BrokerKind.REDIS && redisUrl == null) {
            errors.add("VESTNIK_BROKER=redis needs VESTNIK_REDIS_URL.");
        }
        if (kind == Config.BrokerKind.POSTGRES && database == null) {
            errors.add("VESTNIK_BROKER=postgres needs VESTNIK_DATABASE_URL (a PostgreSQL URL).");
        }
        return kind;
    }

    /** Accepts {@code jdbc:postgresql://...} and {@code postgresql://} / {@code postgres://} URLs. */
    private PostgresUrl database(String url) {
        if (url == null) return null;
        try {
            return PostgresUrl.parse(url);
        } catch (IllegalArgumentException e) {
            errors.add("VESTNIK_DATABASE_URL " + e.getMessage());
            return null;
        }
    }

    private static String defaultNodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "node";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
