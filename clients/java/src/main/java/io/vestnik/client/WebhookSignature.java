package io.vestnik.client;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a webhook delivery's {@code Vestnik-Signature: t=<unix seconds>,v1=<hex>} header: the
 * HMAC-SHA256 of {@code "<t>.<raw body>"} keyed with the endpoint's secret, and {@code t} within
 * the tolerance of now, so a recorded delivery cannot be replayed later.
 */
public final class WebhookSignature {
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private final byte[] secret;
    private final Duration tolerance;

    public WebhookSignature(String secret, Duration tolerance) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.tolerance = tolerance;
    }

    public WebhookSignature(String secret) {
        this(secret, DEFAULT_TOLERANCE);
    }

    /** True when {@code header} signs exactly {@code rawBody} (the bytes as received) at a time near now. */
    public boolean verify(String header, byte[] rawBody) {
        return verify(header, rawBody, Instant.now());
    }

    public boolean verify(String header, byte[] rawBody, Instant now) {
        if (header == null) return false;
        String t = null;
        String v1 = null;
        for (String part : header.split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length == 2 && pair[0].equals("t")) t = pair[1];
            if (pair.length == 2 && pair[0].equals("v1")) v1 = pair[1];
        }
        return t != null && v1 != null && fresh(t, now) && matches(t, rawBody, v1);
    }

    private boolean fresh(String t, Instant now) {
        try {
            return Duration.between(Instant.ofEpochSecond(Long.parseLong(t)), now).abs().compareTo(tolerance) <= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private boolean matches(String t, byte[] rawBody, String v1) {
        Mac mac = hmac();
        mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
        byte[] expected = HexFormat.of().formatHex(mac.doFinal(rawBody)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, v1.getBytes(StandardCharsets.US_ASCII));
    }

    private Mac hmac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
