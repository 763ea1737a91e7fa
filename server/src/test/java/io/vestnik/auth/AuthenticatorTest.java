package io.vestnik.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import io.vestnik.domain.Session;
import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Problem;
import io.vestnik.store.TicketLedger;
import io.vestnik.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final String HOST_SECRET = "the host application's secret, 32+ bytes";

    private final TestClock clock = new TestClock();
    private final InMemorySessions sessions = new InMemorySessions();
    private final InMemoryUsers users = new InMemoryUsers();
    private final SessionGuard guard = new SessionGuard(sessions, clock);
    private final AccessTokens accessTokens = new AccessTokens(SECRET, Duration.ofMinutes(15), clock);
    private final Tickets tickets = new Tickets(SECRET, Duration.ofSeconds(60), clock);
    private final Set<String> usedNonces = ConcurrentHashMap.newKeySet();
    private TicketLedger ledger = (nonce, until) -> usedNonces.add(nonce);
    private final Authenticator authenticator = authenticator(new HostTokens(HOST_SECRET, null, new HostTokens.Rules(null, null, Duration.ofHours(24)), clock));

    @Test
    void accepts_a_vestnik_access_token_of_an_active_session() {
        Session session = newSession();
        String token = accessTokens.issue(1, session.id()).token();
        assertThat(authenticator.authenticate(token)).isEqualTo(new Principal(1, session.id()));
    }

    @Test
    void refuses_revoked_session_at_once() {
        Session session = newSession();
        String token = accessTokens.issue(1, session.id()).token();
        String ticket = tickets.issue(new Principal(1, session.id()));
        authenticator.authenticate(token);
        guard.revoked(session.id());
        assertThatThrownBy(() -> authenticator.authenticate(token)).isInstanceOf(Problem.class)
                .hasMessageStartingWith("Session revoked");
        assertThatThrownBy(() -> authenticator.authenticateTicket(ticket)).isInstanceOf(Problem.class)
                .hasMessageStartingWith("Session revoked");
    }

    @Test
    void accepts_a_ticket_of_an_active_session() {
        Session session = newSession();
        Principal principal = new Principal(1, session.id());
        assertThat(authenticator.authenticateTicket(tickets.issue(principal))).isEqualTo(principal);
    }

    @Test
    void a_ticket_is_accepted_once() {
        Principal principal = new Principal(1, newSession().id());
        String ticket = tickets.issue(principal);
        authenticator.authenticateTicket(ticket);
        assertThatThrownBy(() -> authenticator.authenticateTicket(ticket))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.code()).isEqualTo(ErrorCode.UNAUTHORIZED))
                .hasMessage("Ticket has already been used; ask for a new one.");
    }

    @Test
    void a_ticket_refused_for_its_revoked_session_is_not_recorded_as_used() {
        Session session = newSession();
        guard.revoked(session.id());
        assertThatThrownBy(() -> authenticator.authenticateTicket(tickets.issue(new Principal(1, session.id()))))
                .hasMessageStartingWith("Session revoked");
        assertThat(usedNonces).isEmpty();
    }

    @Test
    void a_ticket_is_refused_as_unavailable_when_the_ledger_cannot_say_whether_it_was_used() {
        ledger = (nonce, until) -> { throw new TicketLedger.Unavailable("down", null); };
        String ticket = tickets.issue(new Principal(1, newSession().id()));
        assertThatThrownBy(() -> authenticator(null).authenticateTicket(ticket))
                .isInstanceOfSatisfying(Problem.class, p -> {
                    assertThat(p.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(p.retryAfterSeconds()).isEqualTo(Authenticator.LEDGER_RETRY_AFTER_SECONDS);
                });
    }

    @Test
    void the_ledger_keeps_a_ticket_until_no_node_would_accept_it() {
        Principal principal = new Principal(1, newSession().id());
        ledger = (nonce, until) -> {
            assertThat(until).isEqualTo(clock.instant().plusSeconds(60 + 30));
            return true;
        };
        authenticator(null).authenticateTicket(tickets.issue(principal));
    }

    @Test
    void provisions_a_host_user_once_and_keeps_their_id() throws Exception {
        String token = HostTokensTest.hs256(hostClaims());
        Principal first = authenticator.authenticate(token);
        Principal again = authenticator.authenticate(token);
        assertThat(first).isEqualTo(again);
        assertThat(first.sessionId()).isEqualTo(Principal.NO_SESSION);
        assertThat(users.provisions).hasValue(1);
    }

    @Test
    void host_users_get_tickets_too() throws Exception {
        Principal host = authenticator.authenticate(HostTokensTest.hs256(hostClaims()));
        assertThat(authenticator.authenticateTicket(tickets.issue(host))).isEqualTo(host);
    }

    @Test
    void refuses_host_tokens_when_none_are_configured() throws Exception {
        Authenticator vestnikOnly = authenticator(null);
        assertThatThrownBy(() -> vestnikOnly.authenticate(HostTokensTest.hs256(hostClaims())))
                .isInstanceOf(Problem.class).hasMessage("Access token signature is not valid.");
    }

    @Test
    void a_host_token_cannot_pass_as_a_vestnik_token() throws Exception {
        String forged = HostTokensTest.hs256(hostClaims().issuer("vestnik").subject("1").claim("sid", 1));
        assertThatThrownBy(() -> authenticator.authenticate(forged))
                .isInstanceOf(Problem.class).hasMessage("Access token signature is not valid.");
    }

    @Test
    void requires_a_token() {
        assertThatThrownBy(() -> authenticator.authenticate(null)).hasMessage("A bearer token is required.");
        assertThatThrownBy(() -> authenticator.authenticate(" ")).hasMessage("A bearer token is required.");
    }

    @Test
    void reads_the_token_from_an_authorization_header() {
        assertThat(Authenticator.bearerToken("Bearer abc.def")).isEqualTo("abc.def");
        assertThat(Authenticator.bearerToken("bearer  abc ")).isEqualTo("abc");
        assertThat(Authenticator.bearerToken("Basic dXNlcg==")).isNull();
        assertThat(Authenticator.bearerToken("Bearer ")).isNull();
        assertThat(Authenticator.bearerToken(null)).isNull();
    }

    private Authenticator authenticator(HostTokens hostTokens) {
        return new Authenticator(accessTokens, tickets, ledger, hostTokens, users, guard, clock);
    }

    private Session newSession() {
        return sessions.create(1, "hash", "test", "127.0.0.1", clock.instant(), clock.instant().plus(Duration.ofDays(1)));
    }

    private JWTClaimsSet.Builder hostClaims() {
        return new JWTClaimsSet.Builder().subject("user-17").claim("name", "Ada")
                .expirationTime(Date.from(clock.instant().plus(Duration.ofMinutes(5))));
    }
}
