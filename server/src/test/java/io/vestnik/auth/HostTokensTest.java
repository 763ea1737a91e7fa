package io.vestnik.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Problem;
import io.vestnik.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class HostTokensTest {
    private static final String HOST_SECRET = "the host application's secret, 32+ bytes";

    private final TestClock clock = new TestClock();
    private final JwksServer jwks = new JwksServer();

    @AfterEach
    void stop() {
        jwks.close();
    }

    @Test
    void accepts_hs256_host_token_with_subject_and_name() throws Exception {
        HostTokens host = new HostTokens(HOST_SECRET, null, rules(null, null), clock);
        String token = hs256(claims().claim("name", " Ada Lovelace "));
        assertThat(host.verify(token)).isEqualTo(new HostIdentity("host", "user-17", "Ada Lovelace"));
    }

    @Test
    void the_name_is_optional_and_the_subject_stands_in_for_it() throws Exception {
        HostTokens host = new HostTokens(HOST_SECRET, null, rules(null, null), clock);
        assertThat(host.verify(hs256(claims())).displayName()).isEqualTo("user-17");
    }

    @Test
    void accepts_rs256_host_token_from_jwks_url() throws Exception {
        RSAKey key = rsaKey("k1");
        jwks.serve(key);
        HostTokens host = new HostTokens(null, jwks.url(), rules(null, null), clock);
        assertThat(host.verify(rs256(key, claims())).subject()).isEqualTo("user-17");
    }

    @Test
    void fetches_the_keys_again_when_a_token_names_an_unknown_key() throws Exception {
        RSAKey first = rsaKey("k1");
        RSAKey rotated = rsaKey("k2");
        jwks.serve(first);
        HostTokens host = new HostTokens(null, jwks.url(), rules(null, null), clock);
        host.verify(rs256(first, claims()));
        host.verify(rs256(first, claims()));
        assertThat(jwks.fetches).hasValue(1);
        jwks.serve(first, rotated);
        assertThat(host.verify(rs256(rotated, claims())).subject()).isEqualTo("user-17");
        assertThat(jwks.fetches).hasValue(2);
    }

    @Test
    void rejects_rs256_token_signed_by_a_key_not_in_the_jwks() throws Exception {
        jwks.serve(rsaKey("k1"));
        HostTokens host = new HostTokens(null, jwks.url(), rules(null, null), clock);
        assertRefused(host, rs256(rsaKey("k1"), claims()));
    }

    @Test
    void rejects_rs256_token_when_only_a_secret_is_configured() throws Exception {
        HostTokens host = new HostTokens(HOST_SECRET, null, rules(null, null), clock);
        assertRefused(host, rs256(rsaKey("k1"), claims()));
    }

    @Test
    void rejects_hs256_token_when_only_a_jwks_url_is_configured() throws Exception {
        jwks.serve(rsaKey("k1"));
        HostTokens host = new HostTokens(null, jwks.url(), rules(null, null), clock);
        assertRefused(host, hs256(claims()));
    }

    @Test
    void rejects_host_token_signed_with_alg_none() {
        HostTokens host = new HostTokens(HOST_SECRET, null, rules(null, null), clock);
        assertRefused(host, new PlainJWT(claims().build()).serialize());
    }

    @Test
    void rejects_expired_host_token_after_a_minute_of_skew() throws Exception {
        HostTokens host = new HostTokens(HOST_SECRET, null, rules(null, null), clock);
        String token = hs256(claims());
        clock.advance(Duration.ofMinutes(5).plusSeconds(59));
        assertThat(host.verify(token).subject()).isEqualTo("user-17");
        clock.advance(Duration.ofSeconds(2));
        assertThatThrownBy(() -> host.verify(token)).hasMessage("Host token has expired.");
    }

    @Test
    void requires_subject_and_expiry() throws Exception {
        HostTokens host = new HostTokens(HOST_SECRET, null, rules(null, null), clock);
        assertRefused(host, hs256(claims().subject(null)));
        assertRefused(host, hs256(claims().expirationTime(null)));
    }

    @Test
    void checks_the_issuer_when_one_is_configured() throws Exception {
        HostTokens host = new HostTokens(HOST_SECRET, null, rules("https://shop.example", null), clock);
        assertRefused(host, hs256(claims().issuer("https://evil.example")));
        assertRefused(host, hs256(claims()));
        HostIdentity identity = host.verify(hs256(claims().issuer("https://shop.example")));
        assertThat(identity.issuer()).isEqualTo("https://shop.example");
    }

    @Test
    void with_an_audience_configured_aud_must_contain_it() throws Exception {
        HostTokens host = new HostTokens(HOST_SECRET, null, rules(null, "vestnik-chat"), clock);
        assertRefused(host, hs256(claims()));
        assertRefused(host, hs256(claims().audience("another-service")));
        assertThat(host.verify(hs256(claims().audience("vestnik-chat"))).subject()).isEqualTo("user-17");
        assertThat(host.verify(hs256(claims().audience(List.of("billing", "vestnik-chat")))).subject()).isEqualTo("user-17");
    }

    @Test
    void a_token_living_longer_than_the_max_lifetime_is_refused() throws Exception {
        HostTokens host = new HostTokens(HOST_SECRET, null, rules(null, null), clock);
        Instant now = clock.instant();
        assertRefused(host, hs256(claims().expirationTime(Date.from(now.plus(Duration.ofHours(24)).plusSeconds(1)))));
        assertThat(host.verify(hs256(claims().expirationTime(Date.from(now.plus(Duration.ofHours(24)))))).subject())
                .isEqualTo("user-17");
    }

    @Test
    void without_iat_a_token_expiring_further_than_the_max_lifetime_from_now_is_refused() throws Exception {
        HostTokens host = new HostTokens(HOST_SECRET, null, rules(null, null), clock);
        Instant now = clock.instant();
        assertRefused(host, hs256(claims().issueTime(null).expirationTime(Date.from(now.plus(Duration.ofDays(30))))));
        assertThat(host.verify(hs256(claims().issueTime(null))).subject()).isEqualTo("user-17");
    }

    @Test
    void a_token_issued_in_the_future_beyond_the_clock_skew_is_refused() throws Exception {
        HostTokens host = new HostTokens(HOST_SECRET, null, rules(null, null), clock);
        Instant now = clock.instant();
        assertRefused(host, hs256(claims().issueTime(Date.from(now.plusSeconds(120)))));
        assertThat(host.verify(hs256(claims().issueTime(Date.from(now.plusSeconds(30))))).subject())
                .as("within the skew").isEqualTo("user-17");
    }

    private static HostTokens.Rules rules(String issuer, String audience) {
        return new HostTokens.Rules(issuer, audience, Duration.ofHours(24));
    }

    @Test
    void an_unreachable_jwks_url_is_unavailable_not_unauthorized() throws Exception {
        RSAKey key = rsaKey("k1");
        String url = jwks.url();
        jwks.close();
        HostTokens host = new HostTokens(null, url, rules(null, null), clock);
        assertThatThrownBy(() -> host.verify(rs256(key, claims())))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }

    private JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().subject("user-17")
                .issueTime(Date.from(clock.instant()))
                .expirationTime(Date.from(clock.instant().plus(Duration.ofMinutes(5))));
    }

    static String hs256(JWTClaimsSet.Builder claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        jwt.sign(new MACSigner(HOST_SECRET));
        return jwt.serialize();
    }

    private static String rs256(RSAKey key, JWTClaimsSet.Builder claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static RSAKey rsaKey(String kid) throws Exception {
        return new RSAKeyGenerator(2048).keyID(kid).generate();
    }

    private static void assertRefused(HostTokens host, String token) {
        assertThatThrownBy(() -> host.verify(token))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
    }
}
