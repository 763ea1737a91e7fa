package io.vestnik.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vestnik.config.ConfigLoader;
import io.vestnik.testing.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/systemd/vestnik.service runs the release's bin/vestnik sandboxed, gives it time to
 * drain, and is a unit systemd accepts (checked with systemd-analyze where it is installed).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SystemdUnitTest {
    private static final Path UNIT = Repository.file("deploy/systemd/vestnik.service");
    private static final Path SYSTEMD_ANALYZE = Path.of("/usr/bin/systemd-analyze");

    private final Map<String, String> service = section("Service");

    @Test
    void runs_the_release_as_user_vestnik_with_its_environment_file() {
        assertThat(service).containsEntry("User", "vestnik")
                .containsEntry("EnvironmentFile", "/etc/vestnik/vestnik.env")
                .containsEntry("ExecStart", "/opt/vestnik/bin/vestnik")
                .containsEntry("Restart", "on-failure")
                .containsEntry("KillSignal", "SIGTERM")
                .containsEntry("SuccessExitStatus", "143")
                .containsKey("LimitNOFILE");
    }

    @Test
    void waits_longer_than_the_drain_before_killing() {
        Duration timeout = Duration.ofSeconds(Long.parseLong(service.get("TimeoutStopSec")));
        assertThat(timeout).isGreaterThanOrEqualTo(Supervision.MINIMUM_STOP_TIMEOUT);
    }

    @Test
    void is_sandboxed_but_leaves_the_jit_its_writable_and_executable_memory() {
        assertThat(service).containsEntry("NoNewPrivileges", "yes")
                .containsEntry("ProtectSystem", "strict")
                .containsEntry("ProtectHome", "yes")
                .containsEntry("PrivateTmp", "yes")
                .containsEntry("CapabilityBoundingSet", "")
                .containsEntry("SystemCallFilter", "@system-service")
                .containsKey("RestrictAddressFamilies")
                .doesNotContainKey("MemoryDenyWriteExecute");
        assertThat(service.get("ReadWritePaths")).isEqualTo(service.get("WorkingDirectory")).isEqualTo("/var/lib/vestnik");
    }

    @Test
    void its_example_environment_file_holds_only_settings_the_server_accepts() throws IOException {
        Map<String, String> env = ComposeFile.envFile(Repository.file("deploy/systemd/vestnik.env.example"));
        assertThat(env).isNotEmpty();
        assertThat(ConfigLoader.load(env).warnings()).isEmpty();
    }

    @Test
    void systemd_accepts_the_unit(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(SYSTEMD_ANALYZE), "systemd-analyze is not installed; the tests above parse the unit");
        // verify checks that ExecStart exists: point it at the repository's bin/vestnik, the same script.
        Path unit = dir.resolve("vestnik.service");
        Files.writeString(unit, Files.readString(UNIT)
                .replace("ExecStart=/opt/vestnik/bin/vestnik", "ExecStart=" + Repository.file("bin/vestnik")));
        Process verify = new ProcessBuilder(SYSTEMD_ANALYZE.toString(), "verify", unit.toString())
                .redirectErrorStream(true).start();
        String output = new String(verify.getInputStream().readAllBytes());
        assertThat(verify.waitFor()).as(output).isZero();
        assertThat(output).as("no warnings (unknown keys only warn)").isBlank();
    }

    /** The KEY=VALUE lines of one [section]. */
    private static Map<String, String> section(String name) {
        List<String> lines = new ArrayList<>();
        String current = null;
        try {
            for (String line : Files.readAllLines(UNIT)) {
                if (line.startsWith("[")) current = line.strip().substring(1, line.strip().length() - 1);
                else if (name.equals(current)) lines.add(line);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return KeyValues.of(lines);
    }
}
