package io.vestnik.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.config.ConfigLoader;
import io.vestnik.testing.Cluster;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.Repository;
import io.vestnik.testing.TestNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * deploy/Dockerfile, read as Docker would (no container engine on these machines): a Maven build
 * stage and a JRE runtime stage that runs the release archive's bin/vestnik as a non-root user,
 * takes only settings the server knows, and checks its health in a way the JRE image can run.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DockerImageTest {
    /** Where the runtime stage unpacks the release archive. */
    private static final String RELEASE = "/opt/vestnik/";

    private final Dockerfile dockerfile = read();
    private final Dockerfile image = dockerfile.runtimeStage();

    private static Dockerfile read() {
        try {
            return Dockerfile.read(Repository.file("deploy/Dockerfile"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void builds_with_maven_on_temurin_25_and_runs_on_a_temurin_25_jre() {
        List<String> stages = dockerfile.all("FROM").stream().map(Dockerfile.Instruction::arguments).toList();
        assertThat(stages).hasSize(2);
        assertThat(stages.getFirst()).startsWith("maven:").contains("eclipse-temurin-25").endsWith(" AS build");
        assertThat(stages.getLast()).isEqualTo("eclipse-temurin:25-jre");
        assertThat(image.last("COPY")).isEqualTo("--from=build /release " + RELEASE.substring(0, RELEASE.length() - 1));
    }

    @Test
    void runs_bin_vestnik_as_a_non_root_user_in_exec_form_so_the_jvm_gets_sigterm() {
        assertThat(image.last("USER")).isNotBlank().isNotIn("root", "0");
        assertThat(image.last("STOPSIGNAL")).isEqualTo("SIGTERM");
        assertThat(execForm(image.last("ENTRYPOINT"))).containsExactly(RELEASE + "bin/vestnik");
        assertThat(image.last("CMD")).as("no shell form wrapping the JVM").isEmpty();
    }

    @Test
    void keeps_its_data_in_a_volume_and_exposes_the_port_it_serves() {
        Map<String, String> env = image.env();
        assertThat(image.last("VOLUME")).isEqualTo(env.get("VESTNIK_DATA_DIR"));
        assertThat(image.last("EXPOSE")).isEqualTo(env.get("VESTNIK_PORT"));
    }

    @Test
    void sets_only_settings_the_server_accepts() {
        ConfigLoader.Loaded loaded = ConfigLoader.load(image.env());
        assertThat(image.env()).isNotEmpty();
        assertThat(loaded.warnings()).isEmpty();
    }

    @Test
    void the_health_check_passes_for_a_ready_node_and_fails_where_none_answers() throws Exception {
        String healthcheck = image.last("HEALTHCHECK");
        List<String> command = execForm(healthcheck.substring(healthcheck.indexOf("CMD ") + 4));
        assertThat(command).hasSize(1).allSatisfy(c -> assertThat(c).startsWith(RELEASE));
        Path script = Repository.root().resolve(command.getFirst().substring(RELEASE.length()));
        assertThat(script).isExecutable().content().contains("/health/ready");
        try (TestNode node = TestNode.start(TestNode.Storage.SQLITE)) {
            assertThat(node.httpRoutes()).contains("GET /health/ready");
            assertThat(run(script, node.port())).as("healthy").isZero();
        }
        assertThat(run(script, Cluster.freePort())).as("nothing listening").isNotZero();
    }

    private static int run(Path script, int port) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(script.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("VESTNIK_PORT", Integer.toString(port));
        Process process = builder.start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("the check ends by itself").isTrue();
        return process.exitValue();
    }

    /** The JSON array of an exec-form instruction; fails on the shell form. */
    static List<String> execForm(String arguments) {
        JsonNode array = HttpApi.parse(arguments.strip());
        assertThat(array != null && array.isArray()).as("exec form: " + arguments).isTrue();
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
