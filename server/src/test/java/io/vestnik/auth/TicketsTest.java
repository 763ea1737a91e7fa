package io.vestnik.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Problem;
import io.vestnik.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TicketsTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    private final TestClock clock = new TestClock();
    private final Tickets tickets = new Tickets(SECRET, Duration.ofSeconds(60), clock);

    @Test
    void a_ticket_is_session_timestamp_user_signature() {
        String ticket = tickets.issue(new Principal(42, 7));
        assertThat(ticket).matches("7\\." + clock.instant().getEpochSecond() + "\\.42\\.[A-Za-z0-9_-]{43}");
        assertThat(tickets.verify(ticket)).isEqualTo(new Principal(42, 7));
    }

    @Test
    void host_token_principals_get_tickets_without_a_session() {
        Principal host = new Principal(42, Principal.NO_SESSION);
        assertThat(tickets.verify(tickets.issue(host))).isEqualTo(host);
    }

    @Test
    void rejects_expired_ticket() {
        String ticket = tickets.issue(new Principal(42, 7));
        clock.advance(Duration.ofSeconds(59));
        assertThat(tickets.verify(ticket)).isEqualTo(new Principal(42, 7));
        clock.advance(Duration.ofSeconds(1));
        assertRefused(ticket, "Ticket has expired; ask for a new one.");
    }

    @Test
    void rejects_ticket_from_far_in_the_future() {
        clock.advance(Duration.ofMinutes(5));
        String ticket = tickets.issue(new Principal(42, 7));
        clock.advance(Duration.ofMinutes(-5));
        assertRefused(ticket, "Ticket has expired; ask for a new one.");
    }

    @Test
    void ticket_is_bound_to_its_session() {
        String ticket = tickets.issue(new Principal(42, 7));
        assertRefused("8" + ticket.substring(1), "Ticket signature is not valid.");
    }

    @Test
    void ticket_is_bound_to_its_user() {
        String ticket = tickets.issue(new Principal(42, 7));
        assertRefused(ticket.replace(".42.", ".43."), "Ticket signature is not valid.");
    }

    @Test
    void rejects_ticket_signed_with_another_secret() {
        var other = new Tickets("another secret, also 32 bytes long".getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(60), clock);
        assertRefused(other.issue(new Principal(42, 7)), "Ticket signature is not valid.");
    }

    @Test
    void the_ticket_key_is_not_the_jwt_secret() {
        String payload = "7." + clock.instant().getEpochSecond() + ".42";
        String signedWithRawSecret = payload + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Secrets.hmacSha256(SECRET, payload.getBytes(StandardCharsets.UTF_8)));
        assertRefused(signedWithRawSecret, "Ticket signature is not valid.");
    }

    @Test
    void rejects_malformed_ticket() {
        assertRefused("", "Ticket is malformed.");
        assertRefused(null, "Ticket is malformed.");
        assertRefused("a.b.c.d", "Ticket is malformed.");
        assertRefused("7.1.42", "Ticket is malformed.");
        assertRefused("7.1.42.sig.extra", "Ticket is malformed.");
        assertRefused("-7.1.42.sig", "Ticket is malformed.");
    }

    private void assertRefused(String ticket, String message) {
        assertThatThrownBy(() -> tickets.verify(ticket))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.code()).isEqualTo(ErrorCode.UNAUTHORIZED))
                .hasMessage(message);
    }
}
