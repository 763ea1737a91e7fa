package io.vestnik.store;

import io.vestnik.domain.Attachment;
import java.time.Instant;
import java.util.Optional;

/**
 * Uploaded files, content included (so every node serves every file). Thread-safe; blocking.
 */
public interface AttachmentStore {

    /** Where a stored file belongs: its uploader, and the chat once a message carries it. */
    record Owner(long uploaderId, Long chatId) {}

    Attachment save(long uploaderId, String name, String contentType, byte[] content, Instant now);

    Optional<Owner> owner(long attachmentId);

    Optional<Attachment> find(long attachmentId);

    Optional<byte[]> content(long attachmentId);
}
