package io.vestnik.loadgen.vestnik;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class HostTokensTest {
    private static final String SECRET = "a-host-secret-of-at-least-thirty-two-bytes";
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void signs_hs256_tokens_with_subject_name_and_an_expiry_the_host_secret_verifies() throws Exception {
        String token = new HostTokens(SECRET, Clock.fixed(NOW, ZoneOffset.UTC)).sign("loadgen-7", "loadgen-7");

        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(jwt.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(jwt.verify(new MACVerifier("another-secret-of-at-least-thirty-two-bytes"))).isFalse();
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("loadgen-7");
        assertThat(jwt.getJWTClaimsSet().getStringClaim("name")).isEqualTo("loadgen-7");
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant()).isEqualTo(NOW.plus(HostTokens.LIFETIME));
    }

    @Test
    void a_secret_too_short_for_hs256_is_refused_up_front() {
        assertThatThrownBy(() -> new HostTokens("short", Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
    }
}
