package io.vestnik.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.config.ConfigLoader;
import io.vestnik.testing.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * deploy/compose.yaml read as Docker Compose would, with deploy/.env.example's values (there is
 * no container engine on these machines): every setting it gives a node is one the server
 * accepts, nginx and the nodes agree on names and ports, the start order waits for health, and
 * every file it mounts exists.
 */
class ComposeFileTest {
    private static final Path DEPLOY = Repository.file("deploy");
    private static final Path COMPOSE = DEPLOY.resolve("compose.yaml");
    private static final Path ENV_EXAMPLE = DEPLOY.resolve(".env.example");
    private static final List<String> NODES = List.of("vestnik1", "vestnik2", "vestnik3");
    private static final List<String> SHARED = List.of("VESTNIK_JWT_SECRET", "VESTNIK_DATABASE_URL",
            "VESTNIK_REDIS_URL", "VESTNIK_TRUSTED_PROXIES");
    private static final Pattern UPSTREAM_SERVER = Pattern.compile("(?m)^\\s*server\\s+([\\w.-]+):(\\d+)\\b");

    private final ComposeFile compose = read();

    private static ComposeFile read() {
        try {
            return ComposeFile.read(COMPOSE, variables());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** .env.example as an operator fills it in: its values, and a fresh secret for each blank required one. */
    private static Map<String, String> variables() throws IOException {
        Map<String, String> values = new HashMap<>(ComposeFile.envFile(ENV_EXAMPLE));
        SecureRandom random = new SecureRandom();
        for (String name : ComposeFile.requiredVariables(COMPOSE)) {
            byte[] secret = new byte[32];
            random.nextBytes(secret);
            values.merge(name, HexFormat.of().formatHex(secret), (example, fresh) -> example.isEmpty() ? fresh : example);
        }
        return values;
    }

    @Test
    void the_example_env_file_names_every_required_secret_and_commits_none() throws IOException {
        Map<String, String> example = ComposeFile.envFile(ENV_EXAMPLE);
        assertThat(ComposeFile.requiredVariables(COMPOSE)).isNotEmpty().allSatisfy(name ->
                assertThat(example).as("deploy/.env.example").containsEntry(name, ""));
    }

    @Test
    void every_node_loads_its_settings_without_errors_or_unknown_variables() throws IOException {
        Map<String, String> image = Dockerfile.read(DEPLOY.resolve("Dockerfile")).runtimeStage().env();
        for (String node : NODES) {
            Map<String, String> env = new LinkedHashMap<>(image);
            env.putAll(compose.environment(node));
            ConfigLoader.Loaded loaded = ConfigLoader.load(env);
            assertThat(loaded.warnings()).as(node).isEmpty();
            assertThat(loaded.config().usesPostgres()).as(node + " stores in PostgreSQL").isTrue();
            assertThat(loaded.config().broker()).as(node).isEqualTo(io.vestnik.config.Config.BrokerKind.REDIS);
        }
    }

    @Test
    void the_nodes_share_secret_database_redis_and_trusted_proxy_and_each_has_its_own_id() {
        Map<String, String> first = compose.environment(NODES.getFirst());
        for (String node : NODES) {
            assertThat(compose.environment(node)).as(node).containsAllEntriesOf(
                    SHARED.stream().collect(Collectors.toMap(k -> k, first::get)));
        }
        assertThat(NODES.stream().map(n -> compose.environment(n).get("VESTNIK_NODE_ID")).distinct()).hasSize(NODES.size());
        Map<String, Object> nginxNetwork = ComposeFile.map(ComposeFile.map(compose.service("nginx"), "networks"), "backend");
        assertThat(first.get("VESTNIK_TRUSTED_PROXIES")).as("the nodes trust nginx's address")
                .isEqualTo(nginxNetwork.get("ipv4_address"));
    }

    @Test
    void nginx_sends_to_every_node_on_its_port_and_publishes_the_port_it_listens_on() throws IOException {
        Set<String> upstreams = UPSTREAM_SERVER.matcher(Files.readString(DEPLOY.resolve("nginx/compose.conf"))).results()
                .map(m -> m.group(1) + ":" + m.group(2)).collect(Collectors.toSet());
        Set<String> nodes = NODES.stream().map(n -> n + ":" + compose.environment(n).get("VESTNIK_PORT"))
                .collect(Collectors.toSet());
        assertThat(upstreams).isEqualTo(nodes);

        Map<String, String> mounts = bindMounts("nginx");
        assertThat(mounts).containsEntry("/etc/nginx/nginx.conf", "./nginx/compose.conf")
                .containsEntry("/etc/nginx/proxy.conf", "./nginx/proxy.conf");
        assertThat(Files.readString(DEPLOY.resolve("nginx/compose.conf"))).contains("include proxy.conf;");
        String listen = Pattern.compile("listen (\\d+);").matcher(Files.readString(DEPLOY.resolve("nginx/proxy.conf")))
                .results().findFirst().orElseThrow().group(1);
        List<Object> ports = ComposeFile.list(compose.service("nginx"), "ports");
        assertThat(ports).singleElement().asString().endsWith(":" + listen);
    }

    @Test
    void prometheus_scrapes_every_node_and_grafana_reads_prometheus() throws IOException {
        Map<String, Object> prometheus = yaml(DEPLOY.resolve("prometheus/prometheus.yml"));
        List<Object> targets = ComposeFile.list(prometheus, "scrape_configs").stream()
                .flatMap(job -> ComposeFile.list(cast(job), "static_configs").stream())
                .flatMap(group -> ComposeFile.list(cast(group), "targets").stream()).toList();
        assertThat(targets).containsExactlyInAnyOrderElementsOf(
                NODES.stream().map(n -> n + ":" + compose.environment(n).get("VESTNIK_PORT")).toList());
        Map<String, Object> datasources = yaml(DEPLOY.resolve("grafana/provisioning/datasources/prometheus.yml"));
        assertThat(ComposeFile.list(datasources, "datasources")).extracting(d -> cast(d).get("url"))
                .containsExactly("http://prometheus:9090");
        assertThat(ComposeFile.list(compose.service("prometheus"), "ports")).singleElement().asString().endsWith(":9090");
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        return new org.yaml.snakeyaml.Yaml().load(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object map) {
        return (Map<String, Object>) map;
    }

    @Test
    void nodes_start_after_healthy_storage_and_nginx_after_healthy_nodes() {
        for (String store : List.of("postgres", "redis")) {
            assertThat(ComposeFile.list(ComposeFile.map(compose.service(store), "healthcheck"), "test")).as(store).isNotEmpty();
        }
        for (String node : NODES) {
            assertThat(compose.service(node)).as(node + " keeps the image's health check").doesNotContainKey("healthcheck");
            assertThat(dependsOnHealthy(node)).as(node).containsExactlyInAnyOrder("postgres", "redis");
        }
        assertThat(dependsOnHealthy("nginx")).containsExactlyInAnyOrderElementsOf(NODES);
    }

    @Test
    void every_service_restarts_and_nodes_get_longer_than_their_drain_to_stop() {
        compose.services().keySet().forEach(name ->
                assertThat(compose.service(name).get("restart")).as(name).isEqualTo("unless-stopped"));
        for (String node : NODES) {
            String grace = compose.service(node).get("stop_grace_period").toString();
            assertThat(Duration.parse("PT" + grace.toUpperCase(Locale.ROOT))).as(node)
                    .isGreaterThanOrEqualTo(Supervision.MINIMUM_STOP_TIMEOUT);
        }
    }

    @Test
    void every_file_it_mounts_or_builds_from_is_in_the_repository() {
        Map<String, Object> build = ComposeFile.map(compose.service(NODES.getFirst()), "build");
        assertThat(DEPLOY.resolve(build.get("context").toString()).resolve(build.get("dockerfile").toString())).isRegularFile();
        for (String service : compose.services().keySet()) {
            bindMounts(service).values().forEach(source -> assertThat(DEPLOY.resolve(source)).as(service).exists());
        }
    }

    /** Container path to host path, for the service's mounts of files from deploy/. */
    private Map<String, String> bindMounts(String service) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Object volume : ComposeFile.list(compose.service(service), "volumes")) {
            String[] parts = volume.toString().split(":");
            if (parts[0].startsWith(".")) mounts.put(parts[1], parts[0]);
        }
        return mounts;
    }

    private List<String> dependsOnHealthy(String service) {
        return ComposeFile.map(compose.service(service), "depends_on").entrySet().stream()
                .filter(e -> e.getValue() instanceof Map<?, ?> m && "service_healthy".equals(m.get("condition")))
                .map(Map.Entry::getKey).toList();
    }
}
