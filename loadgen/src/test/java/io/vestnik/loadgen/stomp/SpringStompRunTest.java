package io.vestnik.loadgen.stomp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.loadgen.LoadRun;
import io.vestnik.loadgen.Options;
import io.vestnik.loadgen.Target;
import io.vestnik.loadgen.report.Report;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A tiny fan-out through the real Spring Boot peer, started from its jar as bin/bench starts it. The
 * jar is bench/spring-stomp's package output: the reactor builds that module before this one.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SpringStompRunTest {
    private static final Path PEER_TARGET = Path.of("..", "bench", "spring-stomp", "target");
    private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");

    @Test
    void every_send_reaches_every_other_member_of_its_chat_and_is_timed() throws Exception {
        Process peer = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m", "-jar",
                peerJar().toString(), "--server.port=0").redirectErrorStream(true).start();
        try {
            int port = portOf(peer);
            Options options = new Options(Target.STOMP, List.of(URI.create("http://127.0.0.1:" + port)), 60, 3, 20, 1, 4, 0,
                    Duration.ofSeconds(2), Duration.ofMillis(500), 1, 256, List.of(peer.pid()), null, null);

            Report report = new LoadRun(options, new StompProtocol()).run();

            assertThat(report.established()).isEqualTo(60);
            assertThat(report.failed()).isZero();
            assertThat(report.sends()).isPositive();
            assertThat(report.acks()).isEqualTo(report.sends());
            // Counted by send time and drained: every other member got every counted send.
            assertThat(report.deliveries()).isEqualTo(report.sends() * 19);
            assertThat(report.e2eP50Us()).isPositive();
            assertThat(report.serverRssAfterKb()).isPositive();
            assertThat(report.row()).startsWith("stomp");
        } finally {
            peer.destroy();
            peer.waitFor(10, TimeUnit.SECONDS);
            peer.destroyForcibly();
        }
    }

    private static Path peerJar() throws IOException {
        try (Stream<Path> files = Files.list(PEER_TARGET)) {
            return files.filter(f -> f.getFileName().toString().matches("vestnik-spring-stomp-.*\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("No peer jar in " + PEER_TARGET
                            + ": build bench/spring-stomp first (mvn -pl bench/spring-stomp package)"));
        }
    }

    /** Reads the peer's log until Tomcat names the port it bound; the rest of the log is drained in the background. */
    private static int portOf(Process peer) throws IOException {
        BufferedReader log = new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = log.readLine(); line != null; line = log.readLine()) {
            seen.append(line).append('\n');
            Matcher started = STARTED.matcher(line);
            if (started.find()) {
                Thread.ofVirtual().start(() -> drain(log));
                return Integer.parseInt(started.group(1));
            }
        }
        throw new IllegalStateException("The peer exited before it listened:\n" + seen);
    }

    /** Keeps the peer's log pipe from filling up; the pipe closes when the peer is stopped. */
    private static void drain(BufferedReader log) {
        try {
            log.transferTo(Writer.nullWriter());
        } catch (IOException closed) {
            // the peer was stopped
        }
    }
}
