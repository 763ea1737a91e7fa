package io.vestnik.chat;

import io.vestnik.auth.Principal;
import io.vestnik.domain.Attachment;
import io.vestnik.domain.Message;
import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Problem;
import io.vestnik.store.AttachmentStore;
import io.vestnik.store.ChatStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Uploaded files. Nothing is public: a file is described only to its uploader or to members of
 * the chat it was sent in, and its content is served only through a URL signed for that file
 * with an expiry. Blocking.
 */
public final class Attachments {
    private static final Pattern CONTENT_TYPE = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*");
    private static final Pattern UNSAFE_NAME_CHARS = Pattern.compile("[\\p{Cntrl}/\\\\\"]");

    private final AttachmentStore store;
    private final ChatStore chats;
    private final SecretKeySpec key;
    private final Duration urlTtl;
    private final int maxBytes;
    private final Clock clock;

    public Attachments(AttachmentStore store, ChatStore chats, byte[] key, Duration urlTtl, int maxBytes, Clock clock) {
        this.store = store;
        this.chats = chats;
        this.key = new SecretKeySpec(key, "HmacSHA256");
        this.urlTtl = urlTtl;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    public record Content(Attachment attachment, byte[] bytes) {}

    public int maxBytes() {
        return maxBytes;
    }

    public Attachment upload(Principal caller, String name, String contentType, byte[] content) {
        if (content.length == 0) throw Problem.invalid("The body must be the file's content; it is empty.");
        if (content.length > maxBytes) {
            throw Problem.of(ErrorCode.PAYLOAD_TOO_LARGE, "A file may be at most " + maxBytes + " bytes.");
        }
        Attachment saved = store.save(caller.userId(), safeName(name), mediaType(contentType), content, clock.instant());
        return sign(saved);
    }

    public Attachment describe(Principal caller, long attachmentId) {
        AttachmentStore.Owner owner = store.owner(attachmentId).orElseThrow(() -> Problem.notFound("Attachment"));
        boolean visible = owner.chatId() == null
                ? owner.uploaderId() == caller.userId()
                : chats.isMember(owner.chatId(), caller.userId());
        if (!visible) throw Problem.notFound("Attachment");
        return sign(store.find(attachmentId).orElseThrow(() -> Problem.notFound("Attachment")));
    }

    /** Checks the URL's signature and expiry; 403 for anything unsigned, tampered or expired. */
    public Content open(long attachmentId, String expires, String signature) {
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
        Attachment attachment = store.find(attachmentId).orElseThrow(Attachments::forbidden);
        return new Content(attachment, store.content(attachmentId).orElseThrow(Attachments::forbidden));
    }

    /** The message with a freshly signed URL on each attachment. */
    public Message signed(Message message) {
        if (message.attachments() == null || message.attachments().isEmpty()) return message;
        List<Attachment> signed = message.attachments().stream().map(this::sign).toList();
        return message.withAttachments(signed);
    }

    private Attachment sign(Attachment attachment) {
        long expiresAt = clock.instant().plus(urlTtl).getEpochSecond();
        return attachment.withUrl("/api/v1/attachments/" + attachment.id() + "/content?expires=" + expiresAt
                + "&signature=" + signature(attachment.id(), expiresAt));
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

    private static Problem forbidden() {
        return Problem.of(ErrorCode.FORBIDDEN, "This link is not valid or has expired.");
    }

    private static String safeName(String name) {
        if (name == null || name.isBlank()) return "file";
        String cleaned = UNSAFE_NAME_CHARS.matcher(name.strip()).replaceAll("_");
        return cleaned.length() > 200 ? cleaned.substring(0, 200) : cleaned;
    }

    private static String mediaType(String header) {
        if (header == null || header.isBlank()) return "application/octet-stream";
        String type = header.split(";", 2)[0].strip().toLowerCase();
        if (!CONTENT_TYPE.matcher(type).matches()) {
            throw Problem.of(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type '" + header + "' is not a media type.");
        }
        return type;
    }
}
