package io.vestnik.loadgen.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.vestnik.loadgen.Options;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The result of one run: one table row for people, the same fields as JSON for scripts. Latencies are
 * in microseconds except connect times (milliseconds); rates are per second of the measurement window.
 *
 * @param loadgenCpuCores CPU used by this process during the window, in cores (1.0 = one core busy)
 * @param serverCpuCores CPU used by the server processes during the window, in cores (0 without --server-pid)
 * @param machineCpuCores CPU used by the whole machine during the window, in cores: everything beyond the
 *     servers and this process was someone else's
 * @param serverRssBeforeKb the servers' resident memory before the first connection opened
 * @param serverRssAfterKb the same at the end of the window, every connection open
 * @param rssPerConnectionBytes (after - before) / established connections
 */
public record Report(String target, String transport, int connections, int established, int failed,
                     int closedEarly, double connectSeconds, double connectP50Ms, double connectP99Ms,
                     double windowSeconds, long sends, long acks, long refused, long skipped, long deliveries,
                     double sendsPerSecond, double deliveriesPerSecond,
                     long e2eP50Us, long e2eP90Us, long e2eP99Us, long e2eMaxUs,
                     long ackP50Us, long ackP99Us, double loadgenCpuCores, double serverCpuCores,
                     double machineCpuCores, long serverRssBeforeKb, long serverRssAfterKb, long rssPerConnectionBytes) {

    /** What the run cost: CPU of both sides during the window, server memory around the connections. */
    public record Resources(double loadgenCpuCores, double serverCpuCores, double machineCpuCores,
                            long serverRssBeforeKb, long serverRssAfterKb) {

        long rssPerConnectionBytes(int established) {
            return established == 0 ? 0 : (serverRssAfterKb - serverRssBeforeKb) * 1024 / established;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public static Report of(Options options, String transport, Metrics.Snapshot s, double connectSeconds,
                            double windowSeconds, Resources resources) {
        Histogram connect = s.connectMicros();
        Histogram e2e = s.endToEndMicros();
        Histogram ack = s.ackMicros();
        return new Report(options.target().name().toLowerCase(Locale.ROOT), transport, options.connections(),
                s.established(), s.failed(), s.closedEarly(), connectSeconds,
                connect.getValueAtPercentile(50) / 1000.0, connect.getValueAtPercentile(99) / 1000.0,
                windowSeconds, s.sends(), s.acks(), s.refused(), s.skipped(), s.deliveries(),
                s.sends() / windowSeconds, s.deliveries() / windowSeconds,
                e2e.getValueAtPercentile(50), e2e.getValueAtPercentile(90), e2e.getValueAtPercentile(99),
                e2e.getMaxValue(), ack.getValueAtPercentile(50), ack.getValueAtPercentile(99),
                resources.loadgenCpuCores(), resources.serverCpuCores(), resources.machineCpuCores(),
                resources.serverRssBeforeKb(), resources.serverRssAfterKb(),
                resources.rssPerConnectionBytes(s.established()));
    }

    public static String header() {
        return String.format(Locale.ROOT, "%-8s %7s %7s %9s %9s %9s %11s %9s %9s %9s %9s %9s %9s %6s %6s %8s %7s",
                "target", "conns", "estab", "conn p50", "conn p99", "sends/s", "deliv/s",
                "e2e p50", "e2e p90", "e2e p99", "e2e max", "ack p50", "ack p99", "cpu", "srvcpu", "srv MB", "B/conn");
    }

    /** One row under {@link #header()}: connect in ms, latencies in µs, cpu in cores, server RSS at the end. */
    public String row() {
        return String.format(Locale.ROOT, "%-8s %7d %7d %9.1f %9.1f %9.0f %11.0f %9d %9d %9d %9d %9d %9d %6.2f %6.2f %8.1f %7d",
                target, connections, established, connectP50Ms, connectP99Ms, sendsPerSecond, deliveriesPerSecond,
                e2eP50Us, e2eP90Us, e2eP99Us, e2eMaxUs, ackP50Us, ackP99Us, loadgenCpuCores, serverCpuCores,
                serverRssAfterKb / 1024.0, rssPerConnectionBytes);
    }

    public void writeJson(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    public String json() throws IOException {
        return JSON.writeValueAsString(this);
    }
}
