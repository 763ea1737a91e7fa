package io.vestnik.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vestnik.protocol.Problem;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * Vestnik's own short-lived access tokens: JWTs signed with HS256, with claims {@code iss}
 * {@value #ISSUER}, {@code sub} (user id as a string), {@code sid} (session id), {@code iat},
 * {@code exp} and a random {@code jti}. The issuer {@value #ISSUER} is what tells them from
 * host-application tokens (see {@link Authenticator}). Thread-safe, no I/O.
 */
public final class AccessTokens {
    public static final String ISSUER = "vestnik";
    private static final String SESSION_CLAIM = "sid";

    /** A signed token, and when it stops being accepted. */
    public record Issued(String token, Instant expiresAt) {
        public long expiresInSeconds(Instant now) {
            return Math.max(0, Duration.between(now, expiresAt).toSeconds());
        }
    }

    private final MACSigner signer;
    private final JWSVerifier verifier;
    private final Duration ttl;
    private final Clock clock;

    /** @param secret at least 32 bytes (HS256 needs a 256-bit key) */
    public AccessTokens(byte[] secret, Duration ttl, Clock clock) {
        try {
            this.signer = new MACSigner(secret);
            this.verifier = new MACVerifier(secret);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("The JWT secret must be at least 32 bytes long.", e);
        }
        this.ttl = ttl;
        this.clock = clock;
    }

    public Issued issue(long userId, long sessionId) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(ttl);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(Long.toString(userId))
                .claim(SESSION_CLAIM, sessionId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("HS256 signing failed", e);
        }
        return new Issued(jwt.serialize(), expiresAt);
    }

    /**
     * The principal a valid token names. Says nothing about whether its session is still active:
     * that is {@link SessionGuard}'s job.
     *
     * @throws Problem unauthorized when the token is malformed, not HS256, badly signed, expired,
     *     from another issuer, or lacks {@code sub}, {@code sid} or {@code exp}
     */
    public Principal verify(String token) {
        SignedJWT jwt = parse(token);
        // Checked before the signature: only HS256 is ours, never "none" or an asymmetric one.
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw Problem.unauthorized("Access token must be signed with HS256.");
        }
        if (!verifies(jwt)) throw Problem.unauthorized("Access token signature is not valid.");
        return principal(claims(jwt));
    }

    private static SignedJWT parse(String token) {
        try {
            return SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw Problem.unauthorized("Access token is malformed.");
        }
    }

    private boolean verifies(SignedJWT jwt) {
        try {
            return jwt.verify(verifier);
        } catch (JOSEException e) {
            return false;
        }
    }

    private static JWTClaimsSet claims(SignedJWT jwt) {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw Problem.unauthorized("Access token claims are malformed.");
        }
    }

    private Principal principal(JWTClaimsSet claims) {
        if (!ISSUER.equals(claims.getIssuer())) throw Problem.unauthorized("Access token was not issued by Vestnik.");
        Date exp = claims.getExpirationTime();
        if (exp == null) throw Problem.unauthorized("Access token has no expiry.");
        if (!clock.instant().isBefore(exp.toInstant())) throw Problem.unauthorized("Access token has expired.");
        long userId = positive(claims.getSubject());
        long sessionId = positive(claims.getClaim(SESSION_CLAIM));
        if (userId <= 0 || sessionId <= 0) {
            throw Problem.unauthorized("Access token lacks a user (sub) or session (sid).");
        }
        return new Principal(userId, sessionId);
    }

    /** The claim as a positive id, or 0 when missing or not one. */
    private static long positive(Object claim) {
        try {
            long id = claim instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(claim));
            return Math.max(id, 0);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
