package io.vestnik.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vestnik.store.sql.PostgresStorage;
import io.vestnik.testing.PostgresServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A password holding the characters URLs give meaning to still signs in, against a real
 * PostgreSQL that checks passwords (a private cluster: the shared one trusts everyone).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PostgresPasswordTest {
    private static final String ROLE = "vestnik_pw";
    private static final String PASSWORD = "a&b=c?d#e@f%g h+i/j:k'l";

    @Test
    void a_password_with_url_delimiters_signs_in_through_a_postgresql_url() throws Exception {
        try (PostgresServer server = PostgresServer.start()) {
            try (Connection admin = DriverManager.getConnection(server.url()); Statement sql = admin.createStatement()) {
                sql.execute("CREATE ROLE " + ROLE + " LOGIN SUPERUSER PASSWORD '" + PASSWORD.replace("'", "''") + "'");
            }
            server.requirePasswordOf(ROLE);
            PostgresUrl url = PostgresUrl.parse("postgresql://" + ROLE + ":" + encoded(PASSWORD) + "@127.0.0.1:"
                    + server.port() + "/postgres?ApplicationName=password-test");

            try (Connection connection = DriverManager.getConnection(url.jdbc(), url.credentials());
                 ResultSet who = connection.createStatement().executeQuery("SELECT current_user")) {
                who.next();
                assertThat(who.getString(1)).isEqualTo(ROLE);
            }
            try (PostgresStorage storage = new PostgresStorage(url)) {
                storage.start();
                assertThat(storage.ready()).as("the node's own pool signs in the same way").isTrue();
            }
            PostgresUrl wrong = PostgresUrl.parse("postgresql://" + ROLE + ":" + encoded("a") + "@127.0.0.1:" + server.port() + "/postgres");
            assertThatThrownBy(() -> DriverManager.getConnection(wrong.jdbc(), wrong.credentials()).close())
                    .as("the server really checks the password").isInstanceOf(SQLException.class);
        }
    }

    private static String encoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
