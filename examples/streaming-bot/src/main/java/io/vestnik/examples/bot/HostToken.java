package io.vestnik.examples.bot;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An HS256 JWT as the host application signs them for its users ({@code sub} = external id),
 * valid for five minutes. A real host mints these in its own auth code; the bot does it here so
 * the example needs nothing but the shared secret.
 */
final class HostToken {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private HostToken() {}

    static String hs256(String secret, String subject, String name, String issuer) {
        long now = Instant.now().getEpochSecond();
        String claims = "{\"sub\":" + quote(subject) + ",\"name\":" + quote(name) + ",\"iat\":" + now + ",\"exp\":" + (now + 300)
                + (issuer == null ? "" : ",\"iss\":" + quote(issuer)) + "}";
        String signingInput = part("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + part(claims);
        return signingInput + "." + B64.encodeToString(hmac(secret, signingInput));
    }

    private static String part(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** External ids and display names are plain text: escaping quotes and backslashes is enough for JSON. */
    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static byte[] hmac(String secret, String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
