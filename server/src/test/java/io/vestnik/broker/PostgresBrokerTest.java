package io.vestnik.broker;

import io.vestnik.config.PostgresUrl;
import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.broker.postgres.PostgresBroker;
import io.vestnik.testing.PostgresDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PostgresBrokerTest extends NetworkedBrokerContract {
    private static final String PG_URL = System.getenv().getOrDefault("VESTNIK_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");

    @Override
    protected Broker newBroker(String nodeId) {
        return new PostgresBroker(PostgresUrl.parse(PG_URL), nodeId);
    }

    /** Shuts the broker out of a database of its own: no new connections, existing ones ended. */
    @Override
    protected Outage outage() {
        PostgresDatabase database = PostgresDatabase.create();
        return new Outage() {
            @Override
            public Broker newBroker(String nodeId) {
                return new PostgresBroker(PostgresUrl.parse(database.url()), nodeId);
            }

            @Override
            public void serverGoes() throws SQLException {
                admin("ALTER DATABASE " + database.name() + " ALLOW_CONNECTIONS false");
                admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database.name() + "'");
            }

            @Override
            public void serverReturns() throws SQLException {
                admin("ALTER DATABASE " + database.name() + " ALLOW_CONNECTIONS true");
            }

            @Override
            public void close() {
                try {
                    serverReturns();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
                database.close();
            }
        };
    }

    @Test
    void listens_again_after_its_connection_is_terminated() throws SQLException {
        Recorder node = new Recorder();
        String nodeId = nodeId();
        Broker broker = started(newBroker(nodeId), node);
        String topic = topic();
        subscribed(broker, node, topic);
        int before = listenBackend(nodeId);

        admin("SELECT pg_terminate_backend(" + before + ")");

        await(() -> {
            broker.publish(event(topic, 1));
            return !node.on(topic).isEmpty();
        });
        assertThat(listenBackend(nodeId)).isNotEqualTo(before);
        await(broker::healthy);
    }

    @Test
    void measures_the_round_trip_of_its_canary() {
        PostgresBroker broker = (PostgresBroker) started(newBroker(nodeId()), new Recorder());
        await(broker::healthy);
        assertThat(broker.lastRoundTrip()).isPositive();
    }

    private static int listenBackend(String nodeId) throws SQLException {
        try (Connection c = DriverManager.getConnection(PG_URL); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT pid FROM pg_stat_activity WHERE application_name = 'vestnik-broker-listen:" + nodeId + "'")) {
            return r.next() ? r.getInt(1) : 0;
        }
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(PG_URL); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
