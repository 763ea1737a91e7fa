package io.vestnik.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** Which failures mean "the database cannot be reached now" (503) and which stay internal errors (500). */
class StorageUnavailableTest {

    @Test
    void a_pool_timeout_or_a_lost_connection_anywhere_in_the_cause_chain_is_an_outage() {
        var poolTimeout = new SQLTransientConnectionException("vestnik-postgres - Connection is not available, request timed out after 2000ms");
        assertThat(StorageUnavailable.causes(new RuntimeException("wrapped", poolTimeout))).isTrue();
        assertThat(StorageUnavailable.causes(new IllegalStateException(new SQLException("I/O error", "08006")))).isTrue();
        assertThat(StorageUnavailable.causes(new SQLException("refused", "08001"))).isTrue();
    }

    @Test
    void a_server_shutting_down_crashing_or_starting_is_an_outage() {
        for (String state : new String[] {"57P01", "57P02", "57P03"}) {
            assertThat(StorageUnavailable.causes(new RuntimeException(new SQLException("shutdown", state)))).as(state).isTrue();
        }
    }

    @Test
    void other_failures_are_not() {
        assertThat(StorageUnavailable.causes(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(StorageUnavailable.causes(new SQLException("no state"))).isFalse();
        assertThat(StorageUnavailable.causes(new IllegalStateException("bug"))).isFalse();
        assertThat(StorageUnavailable.causes(null)).isFalse();
    }
}
