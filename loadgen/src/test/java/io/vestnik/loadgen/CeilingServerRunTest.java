package io.vestnik.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.loadgen.raw.CeilingServer;
import io.vestnik.loadgen.raw.RawProtocol;
import io.vestnik.loadgen.report.Report;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CeilingServerRunTest {

    @Test
    void every_send_reaches_every_other_member_of_its_room_and_is_timed() throws Exception {
        Report report = runAgainstCeiling(4, 50, 1, 8, 0);

        assertThat(report.established()).isEqualTo(200);
        assertThat(report.failed()).isZero();
        assertThat(report.sends()).isPositive();
        assertThat(report.acks()).isEqualTo(report.sends());
        // Counted by send time and drained: exact, not approximate.
        assertThat(report.deliveries()).isEqualTo(report.sends() * 49);
        assertThat(report.e2eP50Us()).isPositive();
        assertThat(report.e2eMaxUs()).isGreaterThanOrEqualTo(report.e2eP99Us());
        assertThat(report.ackP50Us()).isPositive();
        assertThat(report.connectP50Ms()).isPositive();
        // The server runs in this process: its memory and CPU are this JVM's.
        assertThat(report.serverRssAfterKb()).isPositive();
        assertThat(report.serverCpuCores()).isPositive();
        assertThat(report.row()).startsWith("raw");
        assertThat(report.json()).contains("\"deliveries_per_second\"");
    }

    @Test
    void a_paced_run_sends_at_about_the_requested_rate() throws Exception {
        Report report = runAgainstCeiling(4, 10, 2, 4, 200);

        assertThat(report.sendsPerSecond()).isBetween(150.0, 250.0);
        assertThat(report.deliveries()).isEqualTo(report.sends() * 9);
    }

    /**
     * 2 s measured after a short warm-up, against a fresh in-process server on a free port with two
     * event loops, so every room spans both: the cross-loop tasks and the per-loop flushes are exercised.
     */
    private static Report runAgainstCeiling(int rooms, int roomSize, int senders, int inFlight, int rate) throws Exception {
        try (CeilingServer server = CeilingServer.start(0, 2)) {
            Options options = new Options(Target.RAW, List.of(URI.create("ws://127.0.0.1:" + server.port() + "/")),
                    rooms * roomSize, rooms, roomSize, senders, inFlight, rate, Duration.ofSeconds(2),
                    Duration.ofMillis(400), 1, 256, List.of(ProcessHandle.current().pid()), null, null);
            return new LoadRun(options, new RawProtocol()).run();
        }
    }
}
