package io.vestnik.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vestnik.testing.Cluster;
import io.vestnik.testing.NodeProcess;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node holds its data directory: a second node and a restore on it are refused with a sentence
 * that says why, while a backup goes ahead; once the node stops, the restore goes ahead too.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DataDirectoryLockTest {

    @Test
    void a_second_node_and_a_restore_are_refused_while_a_node_runs_on_the_data_directory() throws Exception {
        Operator operator = new Operator();
        try (NodeProcess node = NodeProcess.start("holder", Cluster.freePort(), operator.settings)) {
            assertThatThrownBy(() -> NodeProcess.start("intruder", Cluster.freePort(), operator.settings).close())
                    .hasMessageContaining("intruder exited").hasMessageContaining("vestnik.lock").hasMessageContaining("Stop it first");
            assertThat(operator.backUp()).as("a backup needs no stop").isZero();
            assertThat(operator.restore()).isEqualTo(1);
            assertThat(operator.printed()).contains("Stop it first");
            assertThat(node.ready()).as("the running node is untouched").isTrue();

            node.stop();
            assertThat(operator.restore()).isZero();
        }
    }
}
