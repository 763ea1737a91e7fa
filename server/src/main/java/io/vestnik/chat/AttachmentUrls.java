package io.vestnik.chat;

import io.vestnik.domain.Attachment;
import io.vestnik.media.Thumbnails;
import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Problem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, expiring URLs of an attachment's bytes and thumbnail: HMAC-SHA256 over the id and the
 * expiry with the node's attachment key. One signature opens both, as both show the same file.
 * Thread-safe.
 */
public final class AttachmentUrls {
    private final SecretKeySpec key;
    private final Duration ttl;
    private final Clock clock;

    public AttachmentUrls(byte[] key, Duration ttl, Clock clock) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
        this.ttl = ttl;
        this.clock = clock;
    }

    Attachment signed(Attachment attachment) {
        long expiresAt = clock.instant().plus(ttl).getEpochSecond();
        String query = "?expires=" + expiresAt + "&signature=" + signature(attachment.id(), expiresAt);
        String base = "/api/v1/attachments/" + attachment.id();
        return attachment.withUrls(base + "/content" + query,
                Thumbnails.supports(attachment.contentType()) ? base + "/thumbnail" + query : null);
    }

    /** Passes a valid, unexpired signature; 403 for anything unsigned, tampered or expired. */
    void check(long attachmentId, String expires, String signature) {
        long expiresAt;
        try {
            expiresAt = Long.parseLong(expires);
        } catch (NumberFormatException | NullPointerException e) {
            throw forbidden();
        }
        boolean valid = signature != null && MessageDigest.isEqual(
                signature.getBytes(StandardCharsets.US_ASCII),
                signature(attachmentId, expiresAt).getBytes(StandardCharsets.US_ASCII));
        if (!valid || expiresAt < clock.instant().getEpochSecond()) throw forbidden();
    }

    private String signature(long attachmentId, long expiresAt) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal((attachmentId + ":" + expiresAt).getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Problem forbidden() {
        return Problem.of(ErrorCode.FORBIDDEN, "This link is not valid or has expired.");
    }
}
