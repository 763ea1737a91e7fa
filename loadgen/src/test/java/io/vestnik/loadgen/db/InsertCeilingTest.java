package io.vestnik.loadgen.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InsertCeilingTest {

    @Test
    void inserts_whole_transactions_of_message_rows_into_sqlite_for_the_given_time(@TempDir Path dir) throws Exception {
        InsertCeiling.Result result = InsertCeiling.measure("jdbc:sqlite:" + dir.resolve("c.db"), 1, 50);

        assertThat(result.database()).isEqualTo("sqlite");
        assertThat(result.rows()).isPositive().isEqualTo(result.rows() / 50 * 50);
        assertThat(result.rowsPerSecond()).isPositive();
    }

    @Test
    void refuses_a_database_off_this_machine() {
        assertThatThrownBy(() -> InsertCeiling.measure("jdbc:postgresql://10.0.0.1:5432/x", 1, 50))
                .hasMessageContaining("only targets loopback");
    }
}
