package io.vestnik.loadgen;

import io.vestnik.loadgen.client.ClientConnection;
import io.vestnik.loadgen.client.Protocol;
import io.vestnik.loadgen.client.Sender;
import io.vestnik.loadgen.client.WsClient;
import io.vestnik.loadgen.report.Metrics;
import io.vestnik.loadgen.report.Report;
import io.vestnik.loadgen.report.ServerProcesses;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One run, in phases: prepare the server, open every connection, start the senders, warm up, measure
 * for the duration, stop, drain, report. The senders keep running through the drain's start only
 * until stopped; what was sent inside the window is still counted when it lands (see {@link Metrics}).
 */
public final class LoadRun {
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(5);
    private static final Duration QUIET = Duration.ofMillis(300);
    private static final Duration STOP_FILE_POLL = Duration.ofMillis(100);
    // How far ahead a window bound is set, so that every event loop sees it before the moment it names.
    private static final Duration SCHEDULE_AHEAD = Duration.ofMillis(50);

    private final Options options;
    private final Protocol protocol;
    private final Metrics metrics = new Metrics();

    public LoadRun(Options options, Protocol protocol) {
        this.options = options;
        this.protocol = protocol;
    }

    public Report run() throws Exception {
        protocol.prepare(options);
        ServerProcesses server = new ServerProcesses(options.serverPids());
        try (WsClient client = new WsClient(options.threads())) {
            long rssBefore = server.rssKb();
            long connectStart = System.nanoTime();
            List<ClientConnection> connections = connectAll(client);
            double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
            // A line for scripts that start a second load generator once this one holds its connections.
            System.err.println("loadgen: established " + connections.size() + " of " + options.connections());

            List<Sender> senders = startSenders(connections);
            Thread.sleep(options.warmup());
            long windowStart = System.nanoTime() + SCHEDULE_AHEAD.toNanos();
            metrics.scheduleWindow(windowStart, windowStart + options.duration().toNanos());
            sleepUntil(windowStart);
            long cpuStart = processCpuNanos();
            double serverCpuStart = server.cpuSeconds();
            double machineCpuStart = ServerProcesses.machineBusySeconds();
            long windowEnd = awaitWindowEnd(windowStart + options.duration().toNanos());
            long cpuEnd = processCpuNanos();
            double serverCpuEnd = server.cpuSeconds();
            double machineCpuEnd = ServerProcesses.machineBusySeconds();
            long rssAfter = server.rssKb();
            senders.forEach(Sender::stop);
            drain();

            Metrics.Snapshot snapshot = metrics.snapshot();
            connections.forEach(ClientConnection::close);
            double windowSeconds = (windowEnd - windowStart) / 1e9;
            Report.Resources resources = new Report.Resources((cpuEnd - cpuStart) / 1e9 / windowSeconds,
                    (serverCpuEnd - serverCpuStart) / windowSeconds, (machineCpuEnd - machineCpuStart) / windowSeconds,
                    rssBefore, rssAfter);
            return Report.of(options, client.transport(), snapshot, connectSeconds, windowSeconds, resources);
        }
    }

    private List<ClientConnection> connectAll(WsClient client) throws Exception {
        Semaphore pending = new Semaphore(options.opening());
        List<CompletableFuture<ClientConnection>> futures = new ArrayList<>();
        try (ExecutorService connectors = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < options.connections(); i++) {
                ClientConnection connection = new ClientConnection(i, protocol, metrics, options.inFlight());
                futures.add(connection.ready());
                connection.ready().whenComplete((c, error) -> {
                    pending.release();
                    if (error != null) metrics.connectFailed();
                });
                pending.acquire();
                int index = i;
                connectors.execute(() -> {
                    try {
                        client.connect(protocol.uri(index), protocol.headers(index), connection);
                    } catch (Exception e) {
                        connection.ready().completeExceptionally(e);
                    }
                });
            }
        }
        List<ClientConnection> ready = new ArrayList<>();
        for (CompletableFuture<ClientConnection> future : futures) {
            try {
                ready.add(future.get(30, TimeUnit.SECONDS));
            } catch (Exception e) {
                // counted by connectFailed; the run goes on with the connections that made it
            }
        }
        return ready;
    }

    private List<Sender> startSenders(List<ClientConnection> connections) {
        long interval = options.rate() == 0 || options.senders() == 0
                ? 0 : TimeUnit.SECONDS.toNanos(1) * options.senders() / options.rate();
        List<Sender> senders = new ArrayList<>();
        for (ClientConnection connection : connections) {
            if (!options.isSender(connection.index())) continue;
            Sender sender = new Sender(connection, metrics, interval);
            sender.start();
            senders.add(sender);
        }
        return senders;
    }

    /** The window lasts until its scheduled end, or ends shortly after the stop file appears; answers the end. */
    private long awaitWindowEnd(long end) throws InterruptedException {
        while (System.nanoTime() < end) {
            if (options.stopFile() != null && Files.exists(options.stopFile())) {
                end = System.nanoTime() + SCHEDULE_AHEAD.toNanos();
                metrics.endWindowAt(end);
                break;
            }
            Thread.sleep(Math.min(STOP_FILE_POLL.toMillis(), Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        }
        sleepUntil(end);
        return end;
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        for (long left = nanos - System.nanoTime(); left > 0; left = nanos - System.nanoTime()) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    /** Waits until every counted send is answered and deliveries stop arriving, within a limit. */
    private void drain() throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
        long lastDeliveries = -1;
        while (System.nanoTime() < deadline) {
            long deliveries = metrics.deliveries();
            if (metrics.acks() >= metrics.sends() && deliveries == lastDeliveries) return;
            lastDeliveries = deliveries;
            Thread.sleep(QUIET);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
