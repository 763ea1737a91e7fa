package io.vestnik.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Problem;
import io.vestnik.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import org.junit.jupiter.api.Test;

class AccessTokensTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    private final TestClock clock = new TestClock();
    private final AccessTokens tokens = new AccessTokens(SECRET, Duration.ofMinutes(15), clock);

    @Test
    void a_token_names_its_user_and_session() throws Exception {
        AccessTokens.Issued issued = tokens.issue(42, 7);
        assertThat(tokens.verify(issued.token())).isEqualTo(new Principal(42, 7));
        assertThat(issued.expiresInSeconds(clock.instant())).isEqualTo(900);
        JWTClaimsSet claims = SignedJWT.parse(issued.token()).getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("vestnik");
        assertThat(claims.getSubject()).isEqualTo("42");
        assertThat(claims.getJWTID()).isNotBlank().isNotEqualTo(jti(tokens.issue(42, 7).token()));
    }

    @Test
    void rejects_expired_token() {
        String token = tokens.issue(42, 7).token();
        clock.advance(Duration.ofMinutes(15));
        assertRefused(token, "Access token has expired.");
    }

    @Test
    void rejects_token_signed_with_alg_none() {
        String token = new PlainJWT(claims().build()).serialize();
        assertRefused(token, "Access token is malformed.");
    }

    @Test
    void rejects_token_signed_with_another_hmac_algorithm() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS512), claims().build());
        jwt.sign(new MACSigner("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
        assertRefused(jwt.serialize(), "Access token must be signed with HS256.");
    }

    @Test
    void rejects_token_signed_with_rs256() throws Exception {
        var key = new RSAKeyGenerator(2048).generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims().build());
        jwt.sign(new RSASSASigner(key));
        assertRefused(jwt.serialize(), "Access token must be signed with HS256.");
    }

    @Test
    void rejects_token_signed_with_another_secret() {
        var other = new AccessTokens("another secret, also 32 bytes long".getBytes(StandardCharsets.UTF_8),
                Duration.ofMinutes(15), clock);
        assertRefused(other.issue(42, 7).token(), "Access token signature is not valid.");
    }

    @Test
    void rejects_tampered_claims() {
        String[] parts = tokens.issue(42, 7).token().split("\\.");
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims().subject("1").build().toString().getBytes(StandardCharsets.UTF_8));
        assertRefused(parts[0] + "." + forged + "." + parts[2], "Access token signature is not valid.");
    }

    @Test
    void rejects_token_without_session() throws Exception {
        assertRefused(sign(claims().claim("sid", null)), "Access token lacks a user (sub) or session (sid).");
    }

    @Test
    void rejects_token_without_expiry() throws Exception {
        assertRefused(sign(claims().expirationTime(null)), "Access token has no expiry.");
    }

    @Test
    void rejects_token_from_another_issuer() throws Exception {
        assertRefused(sign(claims().issuer("host")), "Access token was not issued by Vestnik.");
    }

    @Test
    void rejects_garbage() {
        assertRefused("not.a.jwt", "Access token is malformed.");
        assertRefused("", "Access token is malformed.");
    }

    @Test
    void refuses_a_secret_shorter_than_256_bits() {
        assertThatThrownBy(() -> new AccessTokens(new byte[16], Duration.ofMinutes(1), clock))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().issuer("vestnik").subject("42").claim("sid", 7)
                .issueTime(Date.from(clock.instant()))
                .expirationTime(Date.from(clock.instant().plusSeconds(60)));
    }

    private static String sign(JWTClaimsSet.Builder claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        jwt.sign(new MACSigner(SECRET));
        return jwt.serialize();
    }

    private static String jti(String token) throws Exception {
        return SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
    }

    private void assertRefused(String token, String message) {
        assertThatThrownBy(() -> tokens.verify(token))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.code()).isEqualTo(ErrorCode.UNAUTHORIZED))
                .hasMessage(message);
    }
}
