package io.vestnik.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.RawHttp;
import io.vestnik.testing.RawHttp.Answer;
import io.vestnik.testing.TestNode;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the fuzzer found, pinned down one case each: the contract's error shape, and no ERROR for a client's own mistake. */
@Timeout(60)
class FuzzerFindingsTest {
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);
    private static TestNode node;
    private static User alice;
    private static NodeErrors errors;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestNode.Storage.SQLITE);
        alice = node.http().register("alice");
        errors = NodeErrors.attach();
    }

    @AfterAll
    static void stop() {
        errors.close();
        node.close();
    }

    @AfterEach
    void nothingWasLoggedAsAnError() {
        assertThat(errors.take()).isEmpty();
    }

    @Test
    void an_expectation_the_server_does_not_know_gets_417_in_the_error_shape() {
        Answer answer = RawHttp.exchange(node.port(), ANSWER_WITHIN,
                "POST /api/v1/chats HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + alice.token()
                        + "\r\nContent-Type: application/json\r\nExpect: websocket",
                "{\"kind\":\"group\",\"title\":\"t\",\"member_ids\":[]}".getBytes(StandardCharsets.UTF_8));

        assertThat(answer.status()).isEqualTo(417);
        assertThat(answer.error()).isEqualTo("expectation_failed");
    }

    @Test
    void a_client_that_hangs_up_in_the_middle_of_a_body_is_not_an_error_of_the_server() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", node.port())) {
            socket.setSoTimeout((int) ANSWER_WITHIN.toMillis());
            socket.getOutputStream().write(("POST /api/v1/chats HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + alice.token() + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"kind\"")
                    .getBytes(StandardCharsets.ISO_8859_1));
            socket.shutdownOutput();
            // The node closes its side as it handles the hang-up, so once the stream ends here it has logged what it logs.
            assertThat(socket.getInputStream().readAllBytes()).isEmpty();
        }
    }

    @Test
    void a_form_body_on_a_json_route_is_refused_unread_with_415_even_with_a_broken_boundary() {
        Answer answer = RawHttp.exchange(node.port(), ANSWER_WITHIN,
                "DELETE /api/v1/chats/1/pins/1 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + alice.token()
                        + "\r\nContent-Type: multipart/form-data; boundary=",
                "--\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n".getBytes(StandardCharsets.UTF_8));

        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.error()).isEqualTo("unsupported_media_type");
    }
}
