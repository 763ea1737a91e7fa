package io.vestnik.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServerProcessesTest {

    @Test
    void reads_cpu_ticks_after_a_command_name_with_spaces_and_parentheses() {
        String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 567 0 0 20 0 30 0 99 0 0";
        assertThat(ServerProcesses.cpuTicks(stat)).isEqualTo(1234 + 567);
    }

    @Test
    void reads_the_resident_set_in_kilobytes() {
        assertThat(ServerProcesses.rssKb("Name:\tjava\nVmPeak:\t 900 kB\nVmRSS:\t  123456 kB\nRssAnon:\t 1 kB\n"))
                .isEqualTo(123456);
    }

    @Test
    void counts_busy_machine_time_without_idle_and_iowait() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        assertThat(ServerProcesses.machineBusyTicks("cpu  100 2 30 9000 50 4 5 6 0 0")).isEqualTo(100 + 2 + 30 + 4 + 5 + 6);
    }

    @Test
    void samples_a_live_process_and_sums_several() {
        long self = ProcessHandle.current().pid();
        ServerProcesses one = new ServerProcesses(List.of(self));
        ServerProcesses twice = new ServerProcesses(List.of(self, self));

        assertThat(one.rssKb()).isPositive();
        assertThat(one.cpuSeconds()).isPositive();
        assertThat(twice.cpuSeconds()).isGreaterThanOrEqualTo(one.cpuSeconds() * 2 - 0.5);
        assertThat(new ServerProcesses(List.of()).rssKb()).isZero();
        assertThat(ServerProcesses.machineBusySeconds()).isGreaterThanOrEqualTo(one.cpuSeconds() - 0.5);
    }
}
