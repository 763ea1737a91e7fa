package io.vestnik.auth;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;

/**
 * The claims a host token must carry, on top of what {@link DefaultJWTClaimsVerifier} checks
 * ({@code sub}, {@code exp}, the issuer and audience): a lifetime no longer than
 * {@link HostTokens.Rules#maxLifetime}, and an {@code iat} not in the future. Both bound how long
 * a leaked host token works, as Vestnik has no way to revoke one. Thread-safe.
 */
final class HostClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {
    private final Duration maxLifetime;
    private final Clock clock;

    HostClaimsVerifier(HostTokens.Rules rules, Clock clock) {
        super(rules.audience(), exactClaims(rules.issuer()), Set.of("sub", "exp"));
        setMaxClockSkew((int) HostTokens.CLOCK_SKEW.toSeconds());
        this.maxLifetime = rules.maxLifetime();
        this.clock = clock;
    }

    private static JWTClaimsSet exactClaims(String issuer) {
        return issuer == null ? new JWTClaimsSet.Builder().build() : new JWTClaimsSet.Builder().issuer(issuer).build();
    }

    @Override
    protected Date currentTime() {
        return Date.from(clock.instant());
    }

    @Override
    public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
        super.verify(claims, context);
        Instant now = clock.instant();
        Instant expiry = claims.getExpirationTime().toInstant();
        Date issuedAt = claims.getIssueTime();
        if (issuedAt != null && issuedAt.toInstant().isAfter(now.plus(HostTokens.CLOCK_SKEW))) {
            throw new BadJWTException("it was issued in the future (iat).");
        }
        Instant lifetimeStart = issuedAt == null ? now : issuedAt.toInstant();
        if (Duration.between(lifetimeStart, expiry).compareTo(maxLifetime) > 0) {
            throw new BadJWTException("it lives longer than " + io.vestnik.config.Durations.format(maxLifetime)
                    + " (exp − iat, or exp − now without iat); VESTNIK_HOST_JWT_MAX_LIFETIME sets the limit.");
        }
    }
}
