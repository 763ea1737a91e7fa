package io.vestnik.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vestnik.domain.Session;
import io.vestnik.protocol.Problem;
import io.vestnik.testing.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SessionGuardTest {
    private final TestClock clock = new TestClock();
    private final InMemorySessions sessions = new InMemorySessions();
    private final SessionGuard guard = new SessionGuard(sessions, clock, Duration.ofSeconds(30), 2);

    @Test
    void an_active_session_is_looked_up_once_per_30_seconds() {
        Session session = newSession();
        assertThat(guard.isActive(session.id())).isTrue();
        clock.advance(Duration.ofSeconds(29));
        assertThat(guard.isActive(session.id())).isTrue();
        assertThat(sessions.finds).hasValue(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(guard.isActive(session.id())).isTrue();
        assertThat(sessions.finds).hasValue(2);
    }

    @Test
    void refuses_revoked_session_at_once() {
        Session session = newSession();
        assertThat(guard.isActive(session.id())).isTrue();
        guard.revoked(session.id());
        assertThatThrownBy(() -> guard.requireActive(new Principal(1, session.id())))
                .isInstanceOf(Problem.class).hasMessage("Session revoked or expired; sign in again.");
    }

    @Test
    void a_revocation_made_elsewhere_is_seen_within_the_cache_time() {
        Session session = newSession();
        assertThat(guard.isActive(session.id())).isTrue();
        sessions.revoke(session.id(), 1, clock.instant());
        clock.advance(Duration.ofSeconds(30));
        assertThat(guard.isActive(session.id())).isFalse();
    }

    @Test
    void an_expired_or_unknown_session_is_refused_and_remembered() {
        Session session = newSession();
        clock.advance(Duration.ofHours(2));
        assertThat(guard.isActive(session.id())).isFalse();
        assertThat(guard.isActive(999)).isFalse();
        assertThat(guard.isActive(999)).isFalse();
        assertThat(sessions.finds).hasValue(2);
    }

    @Test
    void the_cache_is_bounded() {
        long a = newSession().id(), b = newSession().id(), c = newSession().id();
        guard.isActive(a);
        guard.isActive(b);
        guard.isActive(c);
        guard.isActive(a);
        assertThat(sessions.finds).hasValue(4);
    }

    @Test
    void host_principals_have_no_session_to_check() {
        guard.requireActive(new Principal(1, Principal.NO_SESSION));
        assertThat(sessions.finds).hasValue(0);
    }

    private Session newSession() {
        return sessions.create(1, "hash", "test", "127.0.0.1", clock.instant(), clock.instant().plus(Duration.ofHours(1)));
    }
}
