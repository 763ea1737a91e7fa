package io.vestnik.loadgen;

import io.vestnik.loadgen.client.Protocol;
import io.vestnik.loadgen.raw.RawProtocol;
import io.vestnik.loadgen.report.Report;
import io.vestnik.loadgen.socketio.SocketIoProtocol;
import io.vestnik.loadgen.stomp.StompProtocol;
import io.vestnik.loadgen.vestnik.VestnikProtocol;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command line: reads the options, picks the protocol adapter, runs once, prints one report row. */
@Command(name = "loadgen", mixinStandardHelpOptions = true, sortOptions = false,
        description = "WebSocket load generator for Vestnik and its peers (loopback only).")
public final class Loadgen implements Callable<Integer> {

    @Option(names = "--target", required = true, description = "vestnik | socketio | stomp | raw")
    Target target;
    @Option(names = "--url", required = true, description = "Server base URL: http://127.0.0.1:8080 for vestnik and"
            + " socketio and stomp, ws://127.0.0.1:8090/ for raw; repeat it to spread the connections over several nodes")
    List<URI> urls;
    @Option(names = "--host-jwt-secret", description = "Vestnik's VESTNIK_HOST_JWT_SECRET: users sign in as the host"
            + " application's (vestnik target)")
    String hostJwtSecret;
    @Option(names = "--first-user", defaultValue = "0",
            description = "Number of the first host user, so parallel processes use different users (default: 0)")
    int firstUser;
    @Option(names = "--connections", description = "Connections to open (default: groups x group size)")
    Integer connections;
    @Option(names = "--groups", defaultValue = "20", description = "Chats / rooms (default: ${DEFAULT-VALUE})")
    int groups;
    @Option(names = "--group-size", defaultValue = "100", description = "Members per group (default: ${DEFAULT-VALUE})")
    int groupSize;
    @Option(names = "--senders-per-group", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}")
    int sendersPerGroup;
    @Option(names = "--in-flight", defaultValue = "16", description = "Unacked sends per sender (default: ${DEFAULT-VALUE})")
    int inFlight;
    @Option(names = "--rate", defaultValue = "0", description = "Sends/s over all senders; 0 = unlimited (default)")
    int rate;
    @Option(names = "--duration", defaultValue = "20", description = "Measured seconds (default: ${DEFAULT-VALUE})")
    int durationSeconds;
    @Option(names = "--warmup", defaultValue = "5", description = "Unmeasured seconds first (default: ${DEFAULT-VALUE})")
    int warmupSeconds;
    @Option(names = "--threads", description = "Event-loop threads (default: available processors)")
    Integer threads;
    @Option(names = "--opening", defaultValue = "256",
            description = "Handshakes (and Vestnik user provisions, at most 32) in progress at once"
                    + " (default: ${DEFAULT-VALUE}); fewer on a busy machine")
    int opening;
    @Option(names = "--server-pid", description = "A server process to sample (RSS, CPU); repeat for several nodes")
    List<Long> serverPids = List.of();
    @Option(names = "--stop-file", description = "End the window early when this file appears (bounded by --duration)")
    Path stopFile;
    @Option(names = "--json", description = "Also write the report as JSON to this file")
    Path json;

    @Override
    public Integer call() throws Exception {
        Options options = new Options(target, urls, connections != null ? connections : groups * groupSize, groups,
                groupSize, sendersPerGroup, inFlight, rate, Duration.ofSeconds(durationSeconds),
                Duration.ofSeconds(warmupSeconds), threads != null ? threads : Runtime.getRuntime().availableProcessors(),
                opening, serverPids, stopFile, json);
        Report report = new LoadRun(options, protocol()).run();
        System.out.println(Report.header());
        System.out.println(report.row());
        if (json != null) report.writeJson(json);
        return report.established() == options.connections() ? 0 : 2;
    }

    private Protocol protocol() {
        return switch (target) {
            case VESTNIK -> {
                if (hostJwtSecret == null) {
                    throw new IllegalArgumentException("--target vestnik needs --host-jwt-secret (Vestnik's VESTNIK_HOST_JWT_SECRET).");
                }
                yield new VestnikProtocol(hostJwtSecret, firstUser);
            }
            case RAW -> new RawProtocol();
            case SOCKETIO -> new SocketIoProtocol();
            case STOMP -> new StompProtocol();
        };
    }

    public static void main(String[] args) {
        CommandLine line = new CommandLine(new Loadgen()).setCaseInsensitiveEnumValuesAllowed(true);
        // Bad options (non-loopback host, caps) are user errors: say why, no stack trace.
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (!(e instanceof IllegalArgumentException)) throw e;
            cmd.getErr().println("loadgen: " + e.getMessage());
            return 64;
        });
        System.exit(line.execute(args));
    }
}
