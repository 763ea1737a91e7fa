package io.vestnik.loadgen;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One run's settings, validated before any socket opens.
 *
 * <p>The generator only ever targets this machine: a load test pointed at someone else's host is an
 * attack, so any host that does not resolve to loopback only is refused. The caps keep one process
 * inside what a laptop's ephemeral ports and file descriptors can hold.
 *
 * @param urls the servers; connection {@code i} goes to {@code urls[i mod n]}, set-up to the first
 * @param rate sends per second over all senders; 0 = as fast as the in-flight window allows
 * @param opening handshakes in progress at once: enough to connect fast, few enough not to overflow accept
 *     queues, nor a busy server's database pool (Vestnik stores a session per connection); for Vestnik it also
 *     bounds the users provisioned at once
 * @param serverPids processes whose memory and CPU the report includes (the servers under test); may be empty
 * @param stopFile ends the window early when this file appears (lets a script hold connections open while
 *     another process measures), or null
 * @param jsonOut where to write the report as JSON, or null
 */
public record Options(Target target, List<URI> urls, int connections, int groups, int groupSize, int sendersPerGroup,
                      int inFlight, int rate, Duration duration, Duration warmup, int threads, int opening, List<Long> serverPids,
                      Path stopFile, Path jsonOut) {

    public static final int MAX_CONNECTIONS = 20_000;
    public static final Duration MAX_DURATION = Duration.ofSeconds(900);

    public Options {
        urls = List.copyOf(urls);
        serverPids = List.copyOf(serverPids);
        check(!urls.isEmpty(), "At least one --url is needed");
        urls.forEach(Options::requireLoopback);
        check(connections >= 1 && connections <= MAX_CONNECTIONS,
                "--connections must be between 1 and " + MAX_CONNECTIONS + " per process, got " + connections);
        check(groups >= 0, "--groups must not be negative, got " + groups);
        check(groups == 0 || groupSize >= 2, "--group-size must be at least 2, got " + groupSize);
        check((long) groups * groupSize <= connections,
                "--groups x --group-size (" + (long) groups * groupSize + ") exceeds --connections (" + connections + ")");
        check(sendersPerGroup >= 0 && (groups == 0 || sendersPerGroup <= groupSize),
                "--senders-per-group must be between 0 and --group-size, got " + sendersPerGroup);
        check(inFlight >= 1, "--in-flight must be at least 1, got " + inFlight);
        check(rate >= 0, "--rate must be 0 (unlimited) or positive, got " + rate);
        check(!duration.isNegative() && !warmup.isNegative(), "--duration and --warmup must not be negative");
        check(duration.plus(warmup).compareTo(MAX_DURATION) <= 0,
                "--duration + --warmup must stay within " + MAX_DURATION.toSeconds() + " s");
        check(threads >= 1, "--threads must be at least 1, got " + threads);
        check(opening >= 1, "--opening must be at least 1, got " + opening);
    }

    /** The server connection {@code index} talks to: the URLs take turns. */
    public URI url(int index) {
        return urls.get(index % urls.size());
    }

    /** Which group connection {@code index} belongs to, or -1 for an idle connection outside every group. */
    public int groupOf(int index) {
        return index < groups * groupSize ? index / groupSize : -1;
    }

    /** Senders are the first {@code sendersPerGroup} members of each group. */
    public boolean isSender(int index) {
        return groupOf(index) >= 0 && index % groupSize < sendersPerGroup;
    }

    /** The WebSocket endpoint at {@code path} (with its query) on the server connection {@code index} talks to. */
    public URI webSocketUrl(int index, String path) {
        URI base = url(index);
        return URI.create("ws://" + base.getHost() + ":" + base.getPort() + path);
    }

    public int senders() {
        return groups * sendersPerGroup;
    }

    public static void requireLoopback(URI url) {
        String host = url.getHost();
        check(host != null, "The URL needs a host: " + url);
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                check(address.isLoopbackAddress(), "Refusing " + host + " (" + address.getHostAddress()
                        + "): the load generator only targets loopback (127.0.0.0/8 or ::1).");
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Unknown host " + host + ": the load generator only targets loopback.");
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }
}
