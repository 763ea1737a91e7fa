package io.vestnik.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Problem;
import io.vestnik.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TicketsTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    private final TestClock clock = new TestClock();
    private final Tickets tickets = new Tickets(SECRET, Duration.ofSeconds(60), clock);

    @Test
    void a_ticket_is_session_timestamp_user_nonce_signature() {
        String ticket = tickets.issue(new Principal(42, 7));
        assertThat(ticket).matches("7\\." + clock.instant().getEpochSecond() + "\\.42\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}");
        Tickets.Verified verified = tickets.verify(ticket);
        assertThat(verified.principal()).isEqualTo(new Principal(42, 7));
        assertThat(verified.nonce()).isEqualTo(ticket.split("\\.")[3]);
    }

    @Test
    void every_ticket_gets_its_own_nonce() {
        Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 1_000; i++) nonces.add(tickets.verify(tickets.issue(new Principal(42, 7))).nonce());
        assertThat(nonces).hasSize(1_000);
    }

    @Test
    void a_ticket_stays_usable_for_its_ttl_plus_the_clock_skew_other_nodes_are_allowed() {
        Tickets.Verified verified = tickets.verify(tickets.issue(new Principal(42, 7)));
        assertThat(verified.usableUntil()).isEqualTo(clock.instant().plusSeconds(60 + 30));
    }

    @Test
    void host_token_principals_get_tickets_without_a_session() {
        Principal host = new Principal(42, Principal.NO_SESSION);
        assertThat(tickets.verify(tickets.issue(host)).principal()).isEqualTo(host);
    }

    @Test
    void rejects_expired_ticket() {
        String ticket = tickets.issue(new Principal(42, 7));
        clock.advance(Duration.ofSeconds(59));
        assertThat(tickets.verify(ticket).principal()).isEqualTo(new Principal(42, 7));
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
    void ticket_is_bound_to_its_nonce() {
        String ticket = tickets.issue(new Principal(42, 7));
        String[] parts = ticket.split("\\.");
        parts[3] = tickets.verify(tickets.issue(new Principal(42, 7))).nonce();
        assertRefused(String.join(".", parts), "Ticket signature is not valid.");
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
        String payload = "7." + clock.instant().getEpochSecond() + ".42.bm9uY2Vub25jZW5vbmNl";
        String signedWithRawSecret = payload + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Secrets.hmacSha256(SECRET, payload.getBytes(StandardCharsets.UTF_8)));
        assertRefused(signedWithRawSecret, "Ticket signature is not valid.");
    }

    @Test
    void rejects_malformed_ticket() {
        assertRefused("", "Ticket is malformed.");
        assertRefused(null, "Ticket is malformed.");
        assertRefused("a.b.c.d", "Ticket is malformed.");
        assertRefused("7.1.42.nonce", "Ticket is malformed.");
        assertRefused("7.1.42.sig", "Ticket is malformed.");
        assertRefused("7.1.42..sig", "Ticket is malformed.");
        assertRefused("7.1.42.nonce.sig.extra", "Ticket is malformed.");
        assertRefused("-7.1.42.nonce.sig", "Ticket is malformed.");
    }

    private void assertRefused(String ticket, String message) {
        assertThatThrownBy(() -> tickets.verify(ticket))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.code()).isEqualTo(ErrorCode.UNAUTHORIZED))
                .hasMessage(message);
    }
}
