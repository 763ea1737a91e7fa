package io.vestnik.loadgen.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Memory and CPU of the servers under test, read from Linux's {@code /proc}: resident set size from
 * {@code /proc/<pid>/status} (VmRSS) and CPU time from {@code /proc/<pid>/stat} (utime + stime), summed
 * over the given processes (several nodes count as one server). Without processes every reading is 0.
 */
public final class ServerProcesses {
    // USER_HZ is part of Linux's user-space ABI: 100 on every architecture the JDK runs on.
    private static final double TICKS_PER_SECOND = 100.0;

    private final List<Long> pids;

    public ServerProcesses(List<Long> pids) {
        this.pids = List.copyOf(pids);
    }

    /** Resident memory of all the processes together, in kB. */
    public long rssKb() {
        long total = 0;
        for (long pid : pids) total += rssKb(read(pid, "status"));
        return total;
    }

    /** CPU time (user + system) of all the processes together, in seconds. */
    public double cpuSeconds() {
        double total = 0;
        for (long pid : pids) total += cpuTicks(read(pid, "stat")) / TICKS_PER_SECOND;
        return total;
    }

    /**
     * CPU time the whole machine spent busy (every process, ours and others'), in seconds, from the first
     * line of {@code /proc/stat}: user + nice + system + irq + softirq + steal. Compared with the servers'
     * and the load generator's own CPU it shows what else was running.
     */
    public static double machineBusySeconds() {
        try {
            return machineBusyTicks(Files.readAllLines(Path.of("/proc/stat")).getFirst()) / TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read /proc/stat", e);
        }
    }

    static long machineBusyTicks(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                + Long.parseLong(f[7]) + Long.parseLong(f[8]);
    }

    static long rssKb(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        throw new IllegalArgumentException("No VmRSS line (a kernel thread or a zombie?)");
    }

    /** utime + stime: fields 14 and 15, counted after the command name, which may hold spaces and parentheses. */
    static long cpuTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state), so field n is fields[n - 3]
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static String read(long pid, String file) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read /proc/" + pid + "/" + file + " (has the server exited?)", e);
        }
    }
}
