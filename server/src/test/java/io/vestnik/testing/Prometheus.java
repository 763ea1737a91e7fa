package io.vestnik.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * A real Prometheus (Debian's package, which bin/test installs) running the repository's
 * deploy/prometheus/prometheus.yml and alerts.yml, with only the scrape targets replaced by the
 * test's and every interval shortened to one second. It listens on a free loopback port and keeps
 * its data in a temporary directory, so it never meets the packaged service on 9090.
 */
public final class Prometheus implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration START_WITHIN = Duration.ofSeconds(30);

    private final Path home;
    private final int port;
    private final Process process;

    private Prometheus(Path home, int port, Process process) {
        this.home = home;
        this.port = port;
        this.process = process;
    }

    /** Starts Prometheus scraping {@code targets} ("host:port") as job "vestnik" and waits until it is ready. */
    public static Prometheus scraping(List<String> targets) {
        try {
            Path home = Files.createTempDirectory("vestnik-prometheus");
            Path config = home.resolve("prometheus.yml");
            Files.writeString(config, configFor(targets));
            int port = Cluster.freePort();
            Process process = new ProcessBuilder(executable("prometheus").toString(),
                    "--config.file=" + config, "--storage.tsdb.path=" + home.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                    .redirectErrorStream(true)
                    .redirectOutput(home.resolve("prometheus.log").toFile())
                    .start();
            Prometheus prometheus = new Prometheus(home, port, process);
            prometheus.awaitReady();
            return prometheus;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** deploy/prometheus/prometheus.yml with the test's targets, one-second intervals and the repository's alerts.yml. */
    @SuppressWarnings("unchecked")
    private static String configFor(List<String> targets) throws IOException {
        Yaml yaml = new Yaml();
        Path deployed = Repository.file("deploy/prometheus/prometheus.yml");
        Map<String, Object> config = yaml.load(Files.readString(deployed));
        Map<String, Object> global = (Map<String, Object>) config.get("global");
        global.put("scrape_interval", "1s");
        global.put("evaluation_interval", "1s");
        config.put("rule_files", ((List<String>) config.get("rule_files")).stream()
                .map(file -> deployed.resolveSibling(file).toString()).toList());
        Map<String, Object> job = ((List<Map<String, Object>>) config.get("scrape_configs")).stream()
                .filter(scrape -> "vestnik".equals(scrape.get("job_name")))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(deployed + " no longer has the scrape job \"vestnik\""));
        job.put("static_configs", List.of(Map.of("targets", targets)));
        return yaml.dump(config);
    }

    /** The installed binary: on PATH or where Debian puts it; a clear failure when the package is missing. */
    public static Path executable(String name) {
        Stream<Path> candidates = Stream.concat(
                Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).filter(dir -> !dir.isEmpty()).map(Path::of),
                Stream.of(Path.of("/usr/bin"), Path.of("/usr/sbin")));
        return candidates.map(dir -> dir.resolve(name)).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not installed: install Debian's prometheus package"
                        + " (apt-get install prometheus); bin/test does it"));
    }

    private void awaitReady() {
        try {
            Await.until("Prometheus ready on port " + port, START_WITHIN, () -> {
                if (!process.isAlive()) throw new IllegalStateException("Prometheus exited:\n" + log());
                return status("/-/ready") == 200;
            });
        } catch (AssertionError notReady) {
            throw new AssertionError(notReady.getMessage() + "\n" + log(), notReady);
        }
    }

    /** Waits until every target answered a scrape that started after {@code sinceEpochSeconds}. */
    public void awaitScrapedSince(double sinceEpochSeconds, int targets) {
        String expr = "count(timestamp(up{job=\"vestnik\"} == 1) > " + sinceEpochSeconds + ")";
        Await.until(targets + " targets scraped after the workload", START_WITHIN, () -> {
            JsonNode result = query(expr).path("data").path("result");
            return !result.isEmpty() && result.get(0).path("value").get(1).asDouble() >= targets;
        });
    }

    /** Every metric name Prometheus holds series of. */
    public Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        get("/api/v1/label/__name__/values").path("data").forEach(name -> names.add(name.asText()));
        return names;
    }

    /** Prometheus' whole answer to an instant query: {@code status} "success" with {@code data}, or "error" with {@code error}. */
    public JsonNode query(String expression) {
        return get("/api/v1/query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8));
    }

    /** The rule groups as Prometheus evaluates them, each rule with its {@code health} and {@code lastError}. */
    public JsonNode ruleGroups() {
        return get("/api/v1/rules").path("data").path("groups");
    }

    private JsonNode get(String path) {
        HttpResponse<String> response = send(path);
        return HttpApi.parse(response.body());
    }

    private int status(String path) {
        try {
            return send(path).statusCode();
        } catch (UncheckedIOException notListening) {
            return 0;
        }
    }

    private HttpResponse<String> send(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String log() {
        try {
            return Files.readString(home.resolve("prometheus.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp dir is harmless
        }
    }
}
