package io.vestnik.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.testing.Await;
import io.vestnik.testing.Cluster;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.Readiness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive `mvn package` builds runs anywhere with only a JDK: unpacked into a
 * temporary folder and started from another folder, its bin/vestnik serves a chat on embedded
 * storage under that working folder, and stops cleanly on SIGTERM.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ReleaseArchiveTest {
    /** What a JVM returns after running its shutdown hooks on SIGTERM (128 + 15). */
    private static final int EXITED_ON_SIGTERM = 143;

    @Test
    void the_unpacked_archive_serves_a_chat_from_any_folder_and_stops_cleanly(@TempDir Path unpacked, @TempDir Path workdir)
            throws Exception {
        Path release = unpack(Path.of(System.getProperty("vestnik.release.archive")), unpacked);
        assertThat(release.resolve("server")).as("no sources in a release").doesNotExist();
        assertThat(release.resolve("lib")).isDirectory();
        assertThat(release.resolve("docs/operations.md")).exists();
        assertThat(release.resolve("deploy/nginx.conf")).exists();
        assertThat(release.resolve("deploy/docker/healthcheck")).as("the image's health check").isExecutable();

        int port = Cluster.freePort();
        Path log = workdir.resolve("vestnik.log");
        Process node = start(release, workdir, port, log);
        try {
            String base = "http://127.0.0.1:" + port;
            Await.until("the node reports ready", Duration.ofSeconds(60), () -> node.isAlive() && Readiness.of(base));
            chat(new HttpApi(base));
            assertThat(workdir.resolve("data")).as("the default ./data is the working folder's").isDirectory();

            node.destroy(); // SIGTERM: bin/vestnik exec's the JVM, so the signal reaches it
            assertThat(node.waitFor(30, TimeUnit.SECONDS)).as("exited within 30 s").isTrue();
            assertThat(node.exitValue()).as(Files.readString(log)).isEqualTo(EXITED_ON_SIGTERM);
            assertThat(Files.readString(log)).as("never built anything").doesNotContain("mvn", "building");
        } finally {
            node.destroyForcibly();
        }
    }

    private static Path unpack(Path archive, Path into) throws IOException, InterruptedException {
        assertThat(archive).as("mvn package builds the release archive").exists();
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", into.toString()).inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        try (Stream<Path> top = Files.list(into)) {
            return top.filter(p -> p.getFileName().toString().startsWith("vestnik-")).findFirst().orElseThrow();
        }
    }

    /** Only the JDK this test runs on and the basic system tools: no Maven home, no repository. */
    private static Process start(Path release, Path workdir, int port, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(release.resolve("bin/vestnik").toString())
                .directory(workdir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", workdir.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("VESTNIK_HOST", "127.0.0.1");
        env.put("VESTNIK_PORT", Integer.toString(port));
        env.put("VESTNIK_RATE_LIMITS", "off");
        env.put("VESTNIK_JAVA_OPTS", "-Xmx256m");
        return builder.start();
    }

    private static void chat(HttpApi http) {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        http.send(alice, chat, "release-1", "hello from the release archive");
        assertThat(http.get("/api/v1/chats/" + chat + "/messages", bob.token()).json()
                .path("messages").get(0).path("body").asText()).isEqualTo("hello from the release archive");
    }
}
