package io.vestnik.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/** Tokens as a host application mints them, for nodes configured to accept host tokens. */
public final class HostJwt {
    private HostJwt() {}

    /** An HS256 token for {@code subject}, valid for five minutes; {@code name} and {@code issuer} may be null. */
    public static String hs256(String secret, String subject, String name, String issuer) {
        try {
            return sign(JWSAlgorithm.HS256, new MACSigner(secret.getBytes(StandardCharsets.UTF_8)), null, claims(subject, name, issuer));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JWTClaimsSet claims(String subject, String name, String issuer) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(subject).claim("name", name)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).jwtID(UUID.randomUUID().toString());
        if (issuer != null) claims.issuer(issuer);
        return claims.build();
    }

    public static String sign(JWSAlgorithm alg, JWSSigner signer, String keyId, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).type(JOSEObjectType.JWT).keyID(keyId).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }
}
