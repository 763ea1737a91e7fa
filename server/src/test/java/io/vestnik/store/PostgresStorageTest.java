package io.vestnik.store;

import io.vestnik.store.sql.PostgresStorage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Against the local server; a fresh database per run, dropped afterwards. */
class PostgresStorageTest extends StorageContract {
    private static final String ADMIN_URL = System.getenv().getOrDefault("VESTNIK_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
    private static final Pattern DATABASE = Pattern.compile("(jdbc:postgresql://[^/]+/)([^?]*)(.*)");

    private static String database;
    private static String url;

    @BeforeAll
    static void createDatabase() throws SQLException {
        database = "vestnik_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("CREATE DATABASE " + database);
        Matcher m = DATABASE.matcher(ADMIN_URL);
        if (!m.matches()) throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + ADMIN_URL);
        url = m.group(1) + database + m.group(3);
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(ADMIN_URL); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    protected Storage open() {
        return new PostgresStorage(url);
    }
}
