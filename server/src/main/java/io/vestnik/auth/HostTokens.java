package io.vestnik.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import io.vestnik.domain.User;
import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Problem;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies tokens issued by the host application: JWTs signed with HS256 (a shared secret) or
 * RS256 (keys from a JWKS URL, cached, refetched when a token names an unknown {@code kid}).
 * {@code sub} (a string) and {@code exp} are required; {@code iss} must equal the configured issuer
 * and {@code aud} contain the configured audience when there are; {@code exp} may lie at most
 * {@link Rules#maxLifetime} after {@code iat} (or now, without {@code iat}), and {@code iat} not
 * in the future; {@code name} is an optional display name ({@code sub} stands in for it). Up to 60 s of clock skew is allowed.
 *
 * <p>The identity's issuer is the configured issuer, or {@value #DEFAULT_ISSUER} when none is set,
 * never the unchecked {@code iss} claim: one host subject always maps to the same Vestnik user.
 * The issuer {@value AccessTokens#ISSUER} is reserved for Vestnik's own tokens.
 *
 * <p>Thread-safe. May block on the first use of a JWKS URL and when keys rotate: call it off the
 * event loop.
 */
public final class HostTokens {
    static final String DEFAULT_ISSUER = "host";
    /** How far the host's clock may run ahead of ours, for {@code exp} and {@code iat} alike. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    private static final Logger log = LoggerFactory.getLogger(HostTokens.class);

    /**
     * What a host token must satisfy besides its signature.
     *
     * @param issuer the required {@code iss}, or null to accept any
     * @param audience a value {@code aud} must contain, or null to accept any
     * @param maxLifetime the longest {@code exp − iat} accepted (or {@code exp − now} without
     *     {@code iat}): Vestnik cannot revoke a host token, so its lifetime is the bound on a leak
     */
    public record Rules(String issuer, String audience, Duration maxLifetime) {}

    private final String issuer;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    /**
     * @param hmacSecret the HS256 secret, or null to refuse HS256
     * @param jwksUrl where the RS256 keys are, or null to refuse RS256
     */
    public HostTokens(String hmacSecret, String jwksUrl, Rules rules, Clock clock) {
        if (hmacSecret == null && jwksUrl == null) throw new IllegalArgumentException("No host key configured.");
        this.issuer = rules.issuer();
        processor.setJWSKeySelector(keySelector(hmacSecret, jwksUrl));
        // No "typ", "JWT", or RFC 9068's "at+jwt": what hosts commonly send.
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(
                JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        processor.setJWTClaimsSetVerifier(new HostClaimsVerifier(rules, clock));
        warnWhenUnbound(rules);
    }

    /**
     * The namespace of host users' subjects: the configured issuer, or {@value #DEFAULT_ISSUER}.
     * The server API provisions users under the same one, so a host id names one user either way.
     */
    public static String identityIssuer(String configuredIssuer) {
        return configuredIssuer != null ? configuredIssuer : DEFAULT_ISSUER;
    }

    /** Without both, a token the host minted for another of its services is accepted here too. */
    private static void warnWhenUnbound(Rules rules) {
        List<String> unset = new ArrayList<>();
        if (rules.issuer() == null) unset.add("VESTNIK_HOST_JWT_ISSUER");
        if (rules.audience() == null) unset.add("VESTNIK_HOST_JWT_AUDIENCE");
        if (!unset.isEmpty()) {
            log.warn("host tokens are enabled without {}: tokens the host application minted for other services"
                    + " are accepted too", String.join(" and ", unset));
        }
    }

    /**
     * @throws Problem unauthorized for a malformed, badly signed, expired or incomplete token;
     *     unavailable when the JWKS URL cannot be fetched
     */
    public HostIdentity verify(String token) {
        JWTClaimsSet claims = process(token);
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) throw Problem.unauthorized("Host token has no subject (sub).");
        return new HostIdentity(identityIssuer(issuer), subject, displayName(claims, subject));
    }

    private JWTClaimsSet process(String token) {
        try {
            return processor.process(token, null);
        } catch (ParseException e) {
            throw Problem.unauthorized("Host token is malformed.");
        } catch (ExpiredJWTException e) {
            throw Problem.unauthorized("Host token has expired.");
        } catch (BadJOSEException e) {
            throw Problem.unauthorized("Host token was refused: " + e.getMessage());
        } catch (JOSEException e) {
            throw Problem.of(ErrorCode.UNAVAILABLE, "The host application's keys cannot be fetched; try again.");
        }
    }

    /**
     * {@code name} when it is a non-blank string, else {@code sub}: the users table needs a display
     * name, and the contract makes {@code name} optional. Cut to {@link User#MAX_DISPLAY_NAME}.
     */
    private static String displayName(JWTClaimsSet claims, String subject) {
        String chosen = claims.getClaim("name") instanceof String name && !name.isBlank() ? name : subject;
        String stripped = chosen.strip();
        return stripped.length() <= User.MAX_DISPLAY_NAME ? stripped : stripped.substring(0, User.MAX_DISPLAY_NAME);
    }

    // One selector per algorithm, chosen by the token's header: an HS256 token is never checked
    // against RSA keys, nor an RS256 token against the shared secret.
    private static JWSKeySelector<SecurityContext> keySelector(String hmacSecret, String jwksUrl) {
        var hmac = hmacSecret == null ? null : new JWSVerificationKeySelector<>(JWSAlgorithm.HS256,
                new ImmutableSecret<SecurityContext>(hmacSecret.getBytes(StandardCharsets.UTF_8)));
        var rsa = jwksUrl == null ? null : new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                JWKSourceBuilder.<SecurityContext>create(url(jwksUrl)).retrying(true).build());
        return (header, context) -> {
            if (JWSAlgorithm.HS256.equals(header.getAlgorithm()) && hmac != null) return hmac.selectJWSKeys(header, context);
            if (JWSAlgorithm.RS256.equals(header.getAlgorithm()) && rsa != null) return rsa.selectJWSKeys(header, context);
            return List.of();
        };
    }

    private static java.net.URL url(String jwksUrl) {
        try {
            return URI.create(jwksUrl).toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("VESTNIK_HOST_JWKS_URL is not a URL: " + jwksUrl, e);
        }
    }
}
