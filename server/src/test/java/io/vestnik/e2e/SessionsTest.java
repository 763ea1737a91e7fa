package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.Await;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.Response;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.TestNode;
import io.vestnik.testing.WsClient;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Accounts and sessions: rotation, the device list, revoking a device, sign-in and sign-up refusals. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionsTest {
    private static final String PASSWORD = "correct horse 1";
    static TestNode node;
    static HttpApi http;

    @BeforeAll
    static void startNode() {
        node = TestNode.start(TestNode.Storage.SQLITE);
        http = node.http();
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void refresh_rotates_the_pair_and_the_old_refresh_token_stops_working() {
        User alice = http.register("alice");
        Response refreshed = refresh(alice.refreshToken());
        assertThat(refreshed.status()).isEqualTo(200);
        String access = refreshed.json().path("access_token").asText();
        String refresh = refreshed.json().path("refresh_token").asText();
        assertThat(access).isNotBlank();
        assertThat(refresh).isNotBlank().isNotEqualTo(alice.refreshToken());

        Response me = http.get("/api/v1/users/me", access);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("id").asLong()).isEqualTo(alice.id());

        assertThat(refresh(refresh).status()).as("the new refresh token works").isEqualTo(200);
    }

    @Test
    void a_rotated_away_refresh_token_presented_again_ends_the_whole_session() {
        User alice = http.register("alice");
        Response victim = refresh(alice.refreshToken());
        String victimAccess = victim.json().path("access_token").asText();
        String victimRefresh = victim.json().path("refresh_token").asText();
        assertThat(http.get("/api/v1/users/me", victimAccess).status()).isEqualTo(200);

        Response reused = refresh(alice.refreshToken());

        assertThat(reused.status()).isEqualTo(401);
        assertThat(reused.json().path("message").asText()).contains("already used");
        assertThat(refresh(victimRefresh).status()).as("the current refresh token").isEqualTo(401);
        assertThat(http.get("/api/v1/users/me", victimAccess).status()).as("the current access token").isEqualTo(401);
        assertThat(http.get("/api/v1/users/me", alice.token()).status()).as("the first access token").isEqualTo(401);
    }

    @Test
    void a_session_cannot_be_refreshed_past_its_max_lifetime() {
        try (TestNode shortLived = TestNode.start(TestNode.Storage.SQLITE, Map.of("VESTNIK_SESSION_MAX_LIFETIME", "3s"))) {
            HttpApi api = shortLived.http();
            User bob = api.register("bob");
            long signedUpAt = System.nanoTime();
            String[] current = {bob.refreshToken()};
            Await.until("the refresh is refused", java.time.Duration.ofSeconds(15), () -> {
                Response r = api.post("/api/v1/auth/refresh", null, Map.of("refresh_token", current[0]));
                if (r.status() == 200) current[0] = r.json().path("refresh_token").asText();
                return r.status() == 401;
            });
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - signedUpAt)).isGreaterThanOrEqualTo(java.time.Duration.ofSeconds(2));
        }
    }

    @Test
    void the_session_list_shows_both_devices_and_marks_only_the_callers_as_current() {
        User phone = http.register("alice");
        User laptop = http.login(phone.username());
        JsonNode sessions = sessionsOf(phone);
        assertThat(sessions).hasSize(2);
        for (JsonNode session : sessions) {
            long id = session.path("id").asLong();
            assertThat(id).isIn(phone.sessionId(), laptop.sessionId());
            assertThat(session.path("current").asBoolean()).isEqualTo(id == phone.sessionId());
            assertThat(session.has("created_at")).isTrue();
            assertThat(session.has("last_seen_at")).isTrue();
        }
        JsonNode fromLaptop = sessionsOf(laptop);
        assertThat(fromLaptop).hasSize(2);
        for (JsonNode session : fromLaptop) {
            assertThat(session.path("current").asBoolean()).isEqualTo(session.path("id").asLong() == laptop.sessionId());
        }
    }

    @Test
    void deleting_another_device_revokes_its_token_and_closes_its_socket_with_4001() {
        User phone = http.register("alice");
        User laptop = http.login(phone.username());
        try (WsClient laptopWs = WsClient.connect(node, laptop)) {
            laptopWs.next("connected");
            assertThat(http.delete("/api/v1/sessions/" + laptop.sessionId(), phone.token()).status()).isEqualTo(204);

            assertThat(laptopWs.closeCode()).isEqualTo(4001);
            assertThat(http.get("/api/v1/users/me", laptop.token()).status()).isEqualTo(401);
            assertThat(http.get("/api/v1/users/me", phone.token()).status()).isEqualTo(200);
            assertThat(sessionsOf(phone)).extracting(s -> s.path("id").asLong()).containsExactly(phone.sessionId());
        }
    }

    @Test
    void a_revoked_session_can_neither_refresh_nor_use_a_ticket_issued_before() {
        User phone = http.register("alice");
        User laptop = http.login(phone.username());
        String ticket = http.ticket(laptop);
        assertThat(http.delete("/api/v1/sessions/" + laptop.sessionId(), phone.token()).status()).isEqualTo(204);

        assertThat(refresh(laptop.refreshToken()).status()).isEqualTo(401);
        assertThatThrownBy(() -> WsClient.open(node.wsUrl() + "?ticket=" + ticket, Map.of()).close())
                .as("a ticket of a revoked session is refused").isInstanceOf(IllegalStateException.class);
        assertThat(http.post("/api/v1/ws-ticket", laptop.token(), null).status()).isEqualTo(401);
    }

    @Test
    void logout_revokes_the_callers_session_and_closes_its_socket_only() {
        User phone = http.register("alice");
        User laptop = http.login(phone.username());
        try (WsClient phoneWs = WsClient.connect(node, phone); WsClient laptopWs = WsClient.connect(node, laptop)) {
            phoneWs.next("connected");
            laptopWs.next("connected");
            assertThat(http.post("/api/v1/auth/logout", laptop.token(), null).status()).isEqualTo(204);

            assertThat(laptopWs.closeCode()).isEqualTo(4001);
            assertThat(http.get("/api/v1/users/me", laptop.token()).status()).isEqualTo(401);
            phoneWs.send(Map.of("type", "ping"));
            phoneWs.next("pong");
            assertThat(phoneWs.isClosed()).isFalse();
            assertThat(http.get("/api/v1/users/me", phone.token()).status()).isEqualTo(200);
        }
    }

    @Test
    void deleting_an_unknown_or_someone_elses_session_answers_404() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        assertThat(http.delete("/api/v1/sessions/987654321", alice.token()).status()).isEqualTo(404);
        Response foreign = http.delete("/api/v1/sessions/" + bob.sessionId(), alice.token());
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(http.get("/api/v1/users/me", bob.token()).status()).as("bob's session lives on").isEqualTo(200);
    }

    @Test
    void a_wrong_password_and_an_unknown_user_get_the_same_401() {
        User alice = http.register("alice");
        Response wrongPassword = login(alice.username(), "not the password");
        Response unknownUser = login("nobody-" + System.nanoTime(), PASSWORD);
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownUser.status()).isEqualTo(401);
        assertThat(wrongPassword.error()).isEqualTo(unknownUser.error());
        assertThat(wrongPassword.json().path("message").asText())
                .isNotBlank()
                .isEqualTo(unknownUser.json().path("message").asText());
    }

    @Test
    void registering_a_taken_username_in_any_case_answers_409() {
        String name = "Carol" + System.nanoTime() % 100_000;
        assertThat(register(name).status()).isEqualTo(201);
        assertThat(register(name).status()).isEqualTo(409);
        Response upper = register(name.toUpperCase());
        assertThat(upper.status()).isEqualTo(409);
        assertThat(upper.error()).isNotBlank();
        assertThat(register(name.toLowerCase()).status()).isEqualTo(409);
    }

    private static Response refresh(String refreshToken) {
        return http.post("/api/v1/auth/refresh", null, Map.of("refresh_token", refreshToken));
    }

    private static Response login(String username, String password) {
        return http.post("/api/v1/auth/login", null, Map.of("username", username, "password", password));
    }

    private static Response register(String username) {
        return http.post("/api/v1/auth/register", null, Map.of("username", username, "password", PASSWORD));
    }

    private static JsonNode sessionsOf(User user) {
        Response r = http.get("/api/v1/sessions", user.token());
        assertThat(r.status()).isEqualTo(200);
        return r.json().path("sessions");
    }
}
