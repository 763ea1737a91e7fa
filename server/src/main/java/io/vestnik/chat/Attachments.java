package io.vestnik.chat;

import io.vestnik.auth.Principal;
import io.vestnik.blob.BlobContent;
import io.vestnik.blob.BlobKey;
import io.vestnik.blob.BlobStore;
import io.vestnik.domain.Attachment;
import io.vestnik.domain.Message;
import io.vestnik.media.Thumbnails;
import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Problem;
import io.vestnik.store.AttachmentStore;
import io.vestnik.store.AttachmentStore.NewAttachment;
import io.vestnik.store.ChatStore;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Uploaded files. Nothing is public: a file is described only to its uploader or to members of
 * the chat it was sent in, and its bytes (and an image's thumbnail) are served only through a URL
 * signed for that file with an expiry ({@link AttachmentUrls}). The bytes live in a
 * {@link BlobStore}, the metadata in the {@link AttachmentStore} (decision 0033). Blocking.
 */
public final class Attachments {
    private static final Pattern UNSAFE_NAME_CHARS = Pattern.compile("[\\p{Cntrl}/\\\\\"]");

    private final AttachmentStore store;
    private final ChatStore chats;
    private final BlobStore blobs;
    private final AttachmentUrls urls;
    private final Limits limits;
    private final Clock clock;

    /** @param maxBytes one file's limit; {@code quotaBytes} all of one uploader's stored files' */
    public record Limits(int maxBytes, long quotaBytes) {}

    /** An upload's body, written to a file as it arrived, with what was learnt on the way. */
    public record Staged(Path file, long size, String sha256, byte[] head) {}

    /** A file a signed URL opened: its description, and where its bytes are. */
    public record Opened(Attachment attachment, String blobKey) {}

    public Attachments(AttachmentStore store, ChatStore chats, BlobStore blobs, AttachmentUrls urls, Limits limits, Clock clock) {
        this.store = store;
        this.chats = chats;
        this.blobs = blobs;
        this.urls = urls;
        this.limits = limits;
        this.clock = clock;
    }

    public int maxBytes() {
        return limits.maxBytes();
    }

    /**
     * Stores a staged upload: its type settled from its bytes ({@link UploadTypes}), its size
     * counted against the uploader's quota, its row written, then its blob. A blob that cannot be
     * stored takes its row with it.
     */
    public Attachment upload(Principal caller, String name, String declaredType, Staged staged) {
        if (staged.size() == 0) throw Problem.invalid("The body must be the file's content; it is empty.");
        if (staged.size() > limits.maxBytes()) {
            throw Problem.of(ErrorCode.PAYLOAD_TOO_LARGE, "A file may be at most " + limits.maxBytes() + " bytes.");
        }
        String type = UploadTypes.settle(declaredType, staged.head());
        String key = BlobKey.random();
        Attachment saved = store.save(new NewAttachment(caller.userId(), safeName(name), type, staged.size(), staged.sha256(),
                key, clock.instant()), limits.quotaBytes()).orElseThrow(this::overQuota);
        try {
            blobs.put(key, BlobContent.of(staged.file()));
        } catch (RuntimeException e) {
            store.discard(saved.id());
            throw e;
        }
        return urls.signed(saved);
    }

    public Attachment describe(Principal caller, long attachmentId) {
        AttachmentStore.Owner owner = store.owner(attachmentId).orElseThrow(() -> Problem.notFound("Attachment"));
        boolean visible = owner.chatId() == null
                ? owner.uploaderId() == caller.userId()
                : chats.isMember(owner.chatId(), caller.userId());
        if (!visible) throw Problem.notFound("Attachment");
        return urls.signed(store.find(attachmentId).orElseThrow(() -> Problem.notFound("Attachment")));
    }

    /** Checks the URL's signature and expiry; 403 for anything unsigned, tampered or expired. */
    public Opened open(long attachmentId, String expires, String signature) {
        urls.check(attachmentId, expires, signature);
        AttachmentStore.Stored stored = store.stored(attachmentId).orElseThrow(AttachmentUrls::forbidden);
        String key = stored.blobKey() != null ? stored.blobKey() : AttachmentMover.moveOne(store, blobs, attachmentId)
                .orElseThrow(AttachmentUrls::forbidden);
        return new Opened(stored.attachment(), key);
    }

    /** {@code length} bytes of an opened file from {@code offset}, within its size. */
    public InputStream read(Opened opened, long offset, long length) {
        return blobs.open(opened.blobKey(), offset, length)
                .orElseThrow(() -> new IllegalStateException("attachment " + opened.attachment().id() + " has lost its blob"));
    }

    /**
     * An image's thumbnail (PNG), made on first request and kept beside the file; 404 when the file
     * has none (not a PNG, JPEG or GIF, or one that cannot be decoded within limits).
     */
    public byte[] thumbnail(long attachmentId, String expires, String signature) {
        Opened opened = open(attachmentId, expires, signature);
        if (!Thumbnails.supports(opened.attachment().contentType())) throw Problem.notFound("Thumbnail");
        return Thumbnail.of(blobs, opened.blobKey(), opened.attachment().size()).orElseThrow(() -> Problem.notFound("Thumbnail"));
    }

    /** The message with freshly signed URLs on each attachment. */
    public Message signed(Message message) {
        if (message.attachments() == null || message.attachments().isEmpty()) return message;
        List<Attachment> signed = message.attachments().stream().map(urls::signed).toList();
        return message.withAttachments(signed);
    }

    private Problem overQuota() {
        return Problem.of(ErrorCode.QUOTA_EXCEEDED, "Your files may take at most " + limits.quotaBytes()
                + " bytes in all; delete messages with files, or wait for unsent uploads to expire.");
    }

    private static String safeName(String name) {
        if (name == null || name.isBlank()) return "file";
        String cleaned = UNSAFE_NAME_CHARS.matcher(name.strip()).replaceAll("_");
        return cleaned.length() > 200 ? cleaned.substring(0, 200) : cleaned;
    }
}
