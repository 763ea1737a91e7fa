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

    /**
     * Removes up to {@code limit} uploads created before {@code before} that no message carries
     * (the uploader never sent them), in one short transaction; returns how many. An upload a
     * message carries is never removed here, even when a send races the removal: the database
     * re-checks "not sent" on the row it deletes. A send naming a removed upload is refused with
     * {@link MessageStore.Refusal#ATTACHMENT_UNKNOWN}.
     */
    int deleteOrphans(Instant before, int limit);
}
