package io.vestnik.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vestnik.redis.RedisTarget;
import io.vestnik.search.SearchLanguage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ConfigLoader.load(Map): defaults, every bad variable named at once, URL normalisation, unknown variables. */
class ConfigLoaderTest {

    @Test
    void with_no_configuration_the_defaults_make_a_complete_single_node_server() {
        Config config = ConfigLoader.load(Map.of()).config();
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(config.broker()).isEqualTo(Config.BrokerKind.MEMORY);
        assertThat(config.database()).isNull();
        assertThat(config.redisUrl()).isNull();
        assertThat(config.rateLimits()).isTrue();
        assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(54));
        assertThat(config.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void several_redis_urls_are_the_seeds_of_a_redis_cluster_and_a_bad_one_is_named() {
        Config config = ConfigLoader.load(Map.of("VESTNIK_REDIS_URL", "redis://127.0.0.1:7000,127.0.0.1:7001",
                "VESTNIK_JWT_SECRET", "a-secret-of-at-least-thirty-two-characters")).config();
        assertThat(config.broker()).isEqualTo(Config.BrokerKind.REDIS);
        RedisTarget target = RedisTarget.parse(config.redisUrl());
        assertThat(target.cluster()).isTrue();
        assertThat(target.seeds()).extracting(uri -> uri.getHost() + ":" + uri.getPort()).containsExactly("127.0.0.1:7000", "127.0.0.1:7001");
        assertThat(RedisTarget.parse("redis://127.0.0.1:6379").cluster()).as("one URL keeps one Redis").isFalse();

        assertThatThrownBy(() -> ConfigLoader.load(Map.of("VESTNIK_REDIS_URL", "redis://127.0.0.1:7000,127.0.0.1:seven")))
                .isInstanceOf(ConfigLoader.InvalidConfig.class)
                .hasMessageContaining("VESTNIK_REDIS_URL");
    }

    @Test
    void attachments_go_to_s3_only_when_a_bucket_is_named_and_keys_come_in_pairs() {
        assertThat(ConfigLoader.load(Map.of()).config().s3()).as("files under the data directory").isNull();
        Config s3 = ConfigLoader.load(Map.of("VESTNIK_S3_BUCKET", "files", "VESTNIK_S3_ENDPOINT", "http://127.0.0.1:9000",
                "VESTNIK_S3_ACCESS_KEY", "a", "VESTNIK_S3_SECRET_KEY", "s3cr3t-value")).config();
        assertThat(s3.s3().bucket()).isEqualTo("files");
        assertThat(s3.s3().region()).isEqualTo("us-east-1");
        assertThat(s3.s3().toString()).as("secrets stay out of logs").doesNotContain("s3cr3t-value");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("VESTNIK_S3_ENDPOINT", "http://127.0.0.1:9000")))
                .hasMessageContaining("VESTNIK_S3_BUCKET must be set");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("VESTNIK_S3_BUCKET", "files", "VESTNIK_S3_ACCESS_KEY", "a")))
                .hasMessageContaining("VESTNIK_S3_ACCESS_KEY and VESTNIK_S3_SECRET_KEY go together");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("VESTNIK_ATTACHMENT_QUOTA_BYTES", "5")))
                .hasMessageContaining("VESTNIK_ATTACHMENT_QUOTA_BYTES must be at least VESTNIK_MAX_ATTACHMENT_BYTES");
    }

    @Test
    void every_bad_variable_is_named_in_one_error() {
        Map<String, String> env = Map.of(
                "VESTNIK_PORT", "eighty",
                "VESTNIK_TICKET_TTL", "soon",
                "VESTNIK_BROKER", "kafka",
                "VESTNIK_JWT_SECRET", "too-short");
        assertThatThrownBy(() -> ConfigLoader.load(env))
                .isInstanceOf(ConfigLoader.InvalidConfig.class)
                .hasMessageContaining("VESTNIK_PORT")
                .hasMessageContaining("VESTNIK_TICKET_TTL")
                .hasMessageContaining("VESTNIK_BROKER")
                .hasMessageContaining("VESTNIK_JWT_SECRET");
    }

    @Test
    void messages_are_kept_ninety_days_and_cleanup_runs_hourly_unless_told_otherwise() {
        Config defaults = ConfigLoader.load(Map.of()).config();
        assertThat(defaults.retention()).isEqualTo(Duration.ofDays(90));
        assertThat(defaults.cleanupInterval()).isEqualTo(Duration.ofHours(1));
        Config off = ConfigLoader.load(Map.of("VESTNIK_RETENTION", "off", "VESTNIK_CLEANUP_INTERVAL", "10m")).config();
        assertThat(off.retainsMessages()).isFalse();
        assertThat(off.cleanupInterval()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void a_node_does_everything_with_monthly_partitions_unless_told_otherwise() {
        Config defaults = ConfigLoader.load(Map.of()).config();
        assertThat(defaults.role()).isEqualTo(NodeRole.ALL);
        assertThat(defaults.partitionInterval()).isEqualTo(io.vestnik.config.PartitionInterval.MONTH);
        Config worker = ConfigLoader.load(Map.of("VESTNIK_ROLE", "worker", "VESTNIK_PARTITION_INTERVAL", "week",
                "VESTNIK_DATABASE_URL", "postgresql://db/vestnik", "VESTNIK_BROKER", "postgres",
                "VESTNIK_JWT_SECRET", "0123456789abcdef0123456789abcdef")).config();
        assertThat(worker.role()).isEqualTo(NodeRole.WORKER);
        assertThat(worker.partitionInterval()).isEqualTo(io.vestnik.config.PartitionInterval.WEEK);
    }

    @Test
    void an_unknown_role_or_interval_is_refused_by_name() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("VESTNIK_ROLE", "websocket", "VESTNIK_PARTITION_INTERVAL", "year")))
                .isInstanceOf(ConfigLoader.InvalidConfig.class)
                .hasMessageContaining("VESTNIK_ROLE=websocket is not one of all, gateway, worker")
                .hasMessageContaining("VESTNIK_PARTITION_INTERVAL=year is not one of month, week, day");
    }

    @Test
    void a_gateway_or_worker_alone_on_embedded_storage_is_refused() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("VESTNIK_ROLE", "gateway")))
                .isInstanceOf(ConfigLoader.InvalidConfig.class)
                .hasMessageContaining("VESTNIK_ROLE=gateway needs nodes of the other role");
    }

    @Test
    void a_retention_shorter_than_a_day_is_refused_as_a_likely_typo() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("VESTNIK_RETENTION", "90m")))
                .isInstanceOf(ConfigLoader.InvalidConfig.class)
                .hasMessageContaining("VESTNIK_RETENTION=90m must be at least 1d");
    }

    @Test
    void a_user_holds_sixteen_event_streams_per_node_unless_told_otherwise_and_at_least_one() {
        assertThat(ConfigLoader.load(Map.of()).config().maxStreamsPerUser()).isEqualTo(16);
        assertThat(ConfigLoader.load(Map.of("VESTNIK_MAX_STREAMS_PER_USER", "4")).config().maxStreamsPerUser()).isEqualTo(4);
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("VESTNIK_MAX_STREAMS_PER_USER", "0")))
                .isInstanceOf(ConfigLoader.InvalidConfig.class)
                .hasMessageContaining("VESTNIK_MAX_STREAMS_PER_USER=0 must be between 1 and 1000");
    }

    @Test
    void a_session_is_refreshed_for_at_most_ninety_days_unless_told_otherwise() {
        assertThat(ConfigLoader.load(Map.of()).config().sessionMaxLifetime()).isEqualTo(Duration.ofDays(90));
        assertThat(ConfigLoader.load(Map.of("VESTNIK_SESSION_MAX_LIFETIME", "7d")).config().sessionMaxLifetime())
                .isEqualTo(Duration.ofDays(7));
    }

    @Test
    void host_tokens_live_at_most_a_day_and_need_no_audience_unless_told_otherwise() {
        Config defaults = ConfigLoader.load(Map.of()).config();
        assertThat(defaults.hostJwtMaxLifetime()).isEqualTo(Duration.ofHours(24));
        assertThat(defaults.hostJwtAudience()).isNull();
        Config set = ConfigLoader.load(Map.of("VESTNIK_HOST_JWT_MAX_LIFETIME", "1h",
                "VESTNIK_HOST_JWT_AUDIENCE", "vestnik-chat")).config();
        assertThat(set.hostJwtMaxLifetime()).isEqualTo(Duration.ofHours(1));
        assertThat(set.hostJwtAudience()).isEqualTo("vestnik-chat");
    }

    @Test
    void idle_and_slow_http_clients_are_cut_after_bounds_and_uploads_get_a_quarter_of_the_heap() {
        HttpLimits defaults = ConfigLoader.load(Map.of()).config().httpLimits();
        assertThat(defaults.headerTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.keepAliveTimeout()).isEqualTo(Duration.ofSeconds(75));
        assertThat(defaults.bodyTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.uploadMemoryBudget()).isEqualTo(Runtime.getRuntime().maxMemory() / 4);
        HttpLimits set = ConfigLoader.load(Map.of("VESTNIK_HEADER_TIMEOUT", "2s", "VESTNIK_KEEP_ALIVE_TIMEOUT", "1m",
                "VESTNIK_BODY_TIMEOUT", "5s", "VESTNIK_UPLOAD_MEMORY_BUDGET", "20000000")).config().httpLimits();
        assertThat(set).isEqualTo(new HttpLimits(Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofSeconds(5), 20_000_000));
    }

    @Test
    void an_upload_budget_smaller_than_one_upload_is_refused() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("VESTNIK_UPLOAD_MEMORY_BUDGET", "1000")))
                .isInstanceOf(ConfigLoader.InvalidConfig.class)
                .hasMessageContaining("VESTNIK_UPLOAD_MEMORY_BUDGET must be at least VESTNIK_MAX_ATTACHMENT_BYTES");
    }

    @Test
    void a_port_out_of_range_is_refused_naming_the_variable() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("VESTNIK_PORT", "70000")))
                .isInstanceOf(ConfigLoader.InvalidConfig.class)
                .hasMessageContaining("VESTNIK_PORT");
    }

    @Test
    void a_bad_duration_is_refused_naming_the_variable() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("VESTNIK_HEARTBEAT_INTERVAL", "10 parsecs")))
                .isInstanceOf(ConfigLoader.InvalidConfig.class)
                .hasMessageContaining("VESTNIK_HEARTBEAT_INTERVAL");
    }

    @Test
    void search_is_in_russian_unless_told_otherwise_and_an_unknown_language_is_refused() {
        assertThat(ConfigLoader.load(Map.of()).config().searchLanguage()).isEqualTo(SearchLanguage.RUSSIAN);
        assertThat(ConfigLoader.load(Map.of("VESTNIK_SEARCH_LANGUAGE", "English")).config().searchLanguage())
                .isEqualTo(SearchLanguage.ENGLISH);
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("VESTNIK_SEARCH_LANGUAGE", "klingon")))
                .isInstanceOf(ConfigLoader.InvalidConfig.class)
                .hasMessageContaining("VESTNIK_SEARCH_LANGUAGE=klingon is not one of russian, english, simple");
    }

    @Test
    void the_redis_broker_without_a_redis_url_is_refused() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("VESTNIK_BROKER", "redis")))
                .isInstanceOf(ConfigLoader.InvalidConfig.class)
                .hasMessageContaining("VESTNIK_BROKER")
                .hasMessageContaining("VESTNIK_REDIS_URL");
    }

    @Test
    void the_redis_broker_and_other_settings_in_one_error_together() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("VESTNIK_BROKER", "redis", "VESTNIK_PORT", "-1",
                "VESTNIK_JWT_SECRET", "short")))
                .isInstanceOf(ConfigLoader.InvalidConfig.class)
                .hasMessageContaining("VESTNIK_REDIS_URL")
                .hasMessageContaining("VESTNIK_PORT")
                .hasMessageContaining("VESTNIK_JWT_SECRET");
    }

    @Test
    void a_libpq_postgresql_url_becomes_a_jdbc_url() {
        Config config = ConfigLoader.load(Map.of("VESTNIK_DATABASE_URL", "postgresql://user:pw@host:5432/db")).config();
        assertThat(config.database().jdbc()).isEqualTo("jdbc:postgresql://host:5432/db");
        assertThat(config.database().credentials()).containsEntry("user", "user").containsEntry("password", "pw");
        assertThat(config.usesPostgres()).isTrue();
    }

    @Test
    void a_jdbc_postgresql_url_is_kept_as_it_is() {
        String url = "jdbc:postgresql://db.internal:5432/vestnik?user=v";
        assertThat(ConfigLoader.load(Map.of("VESTNIK_DATABASE_URL", url)).config().database().jdbc()).isEqualTo(url);
    }

    @Test
    void an_unknown_vestnik_variable_is_reported_but_launcher_and_test_variables_are_not() {
        ConfigLoader.Loaded loaded = ConfigLoader.load(Map.of(
                "VESTNIK_FOO", "1",
                "VESTNIK_JAVA_OPTS", "-Xmx1g",
                "VESTNIK_TEST_PG_URL", "jdbc:postgresql://127.0.0.1/postgres",
                "VESTNIK_PORT", "9000",
                "PATH", "/usr/bin"));
        assertThat(loaded.warnings()).containsExactly("Ignoring unknown setting VESTNIK_FOO");
        assertThat(loaded.config().port()).isEqualTo(9000);
    }

    @Test
    void durations_take_units_and_iso_8601() {
        Config config = ConfigLoader.load(Map.of("VESTNIK_HEARTBEAT_INTERVAL", "300ms",
                "VESTNIK_HEARTBEAT_TIMEOUT", "PT1S", "VESTNIK_RATE_LIMITS", "off")).config();
        assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofMillis(300));
        assertThat(config.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.rateLimits()).isFalse();
    }

    @Test
    void a_password_with_url_delimiters_goes_to_the_driver_decoded_and_never_into_the_jdbc_url() {
        PostgresUrl url = ConfigLoader.load(Map.of("VESTNIK_DATABASE_URL",
                "postgres://v%40x:a%26b%3Dc%3Fd%23e%40f%25g%20h+i@db:5432/vestnik?sslmode=disable")).config().database();
        assertThat(url.jdbc()).isEqualTo("jdbc:postgresql://db:5432/vestnik?sslmode=disable");
        assertThat(url.credentials()).containsEntry("user", "v@x").containsEntry("password", "a&b=c?d#e@f%g h+i");
        assertThat(url.toString()).doesNotContain("a&b").contains("db:5432/vestnik");
        assertThat(url.where()).isEqualTo("db:5432/vestnik");
    }

    @Test
    void a_stray_percent_in_the_password_is_named_as_a_configuration_error() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("VESTNIK_DATABASE_URL", "postgresql://u:100%@db/vestnik")))
                .isInstanceOf(ConfigLoader.InvalidConfig.class)
                .hasMessageContaining("VESTNIK_DATABASE_URL").hasMessageContaining("%25");
    }

    @Test
    void a_mistyped_variable_gets_the_closest_known_name_and_an_unrelated_one_gets_none() {
        ConfigLoader.Loaded loaded = ConfigLoader.load(Map.of(
                "VESTNIK_DATABSE_URL", "postgresql://db/vestnik",
                "VESTNIK_RATELIMITS", "off",
                "VESTNIK_COLOUR_SCHEME", "dark"));
        assertThat(loaded.warnings()).containsExactly(
                "Ignoring unknown setting VESTNIK_COLOUR_SCHEME",
                "Ignoring unknown setting VESTNIK_DATABSE_URL; did you mean VESTNIK_DATABASE_URL?",
                "Ignoring unknown setting VESTNIK_RATELIMITS; did you mean VESTNIK_RATE_LIMITS?");
    }

    @Test
    void log_format_and_level_are_read_and_checked_like_every_other_setting() {
        assertThat(ConfigLoader.load(Map.of()).config().logging()).isEqualTo(Logging.DEFAULT);
        Logging logging = ConfigLoader.load(Map.of("VESTNIK_LOG_FORMAT", "JSON", "VESTNIK_LOG_LEVEL", "debug")).config().logging();
        assertThat(logging).isEqualTo(new Logging(Logging.Format.JSON, Logging.Level.DEBUG));
        assertThat(logging.libraryLevel()).as("debug is for Vestnik's own lines").isEqualTo(Logging.Level.INFO);
        assertThat(new Logging(Logging.Format.TEXT, Logging.Level.WARN).libraryLevel()).isEqualTo(Logging.Level.WARN);
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("VESTNIK_LOG_FORMAT", "xml", "VESTNIK_LOG_LEVEL", "loud")))
                .isInstanceOf(ConfigLoader.InvalidConfig.class)
                .hasMessageContaining("VESTNIK_LOG_FORMAT=xml is not one of text, json")
                .hasMessageContaining("VESTNIK_LOG_LEVEL=loud is not one of error, warn, info, debug, trace");
    }
}
