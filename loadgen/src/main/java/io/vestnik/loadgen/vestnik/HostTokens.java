package io.vestnik.loadgen.vestnik;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;

/**
 * Signs tokens as the host application would (HS256 with {@code VESTNIK_HOST_JWT_SECRET}): Vestnik
 * provisions each host user on first sight, so thousands of benchmark users cost one HMAC each
 * instead of an Argon2 sign-up. Thread-safe.
 */
public final class HostTokens {
    // Longer than any run (900 s at most, plus set-up), short enough not to outlive the benchmark.
    static final Duration LIFETIME = Duration.ofHours(1);

    private final MACSigner signer;
    private final Clock clock;

    /** @throws IllegalArgumentException when the secret is shorter than HS256's 256 bits */
    public HostTokens(String secret, Clock clock) {
        try {
            this.signer = new MACSigner(secret.getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("--host-jwt-secret must be at least 32 bytes (HS256): " + e.getMessage());
        }
        this.clock = clock;
    }

    /** A token for host user {@code subject}, shown as {@code name}. */
    public String sign(String subject, String name) {
        Date now = Date.from(clock.instant());
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject).claim("name", name)
                .issueTime(now).expirationTime(Date.from(now.toInstant().plus(LIFETIME))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("HS256 signing failed", e);
        }
        return jwt.serialize();
    }
}
