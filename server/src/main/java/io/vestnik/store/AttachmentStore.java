package io.vestnik.store;

import io.vestnik.domain.Attachment;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Uploaded files' metadata; their bytes live in a {@code BlobStore} under {@code blob_key}
 * (decision 0033). Rows written before that keep their bytes in the database until
 * {@link #moveToBlob} records them moved. Thread-safe; blocking.
 *
 * <p><b>Blob lifecycle.</b> A row names its blob; removing a row, by whatever path (an unsent
 * upload's expiry, a message's deletion, retention), queues its blob key in the same transaction,
 * and the cleanup job deletes queued blobs ({@link #queuedBlobs}, {@link #blobsDeleted}). A blob is
 * thus deleted only after no row, so no message, can name it; a crash in between leaves the key
 * queued, never a leaked file.
 */
public interface AttachmentStore {

    /** Where a stored file belongs: its uploader, and the chat once a message carries it. */
    record Owner(long uploaderId, Long chatId) {}

    /** A file about to be stored under {@code blobKey}. */
    record NewAttachment(long uploaderId, String name, String contentType, long size, String sha256, String blobKey,
                         Instant createdAt) {}

    /** An attachment with where its bytes are: a blob key, or null while they are still in the database. */
    record Stored(Attachment attachment, String blobKey) {}

    /**
     * Records the file unless the uploader's stored files (every row of theirs, sent or not) and
     * this one would exceed {@code quotaBytes}; empty then, and nothing changes. Atomic against the
     * same uploader's concurrent saves: on PostgreSQL the uploader's user row is locked for the
     * transaction; SQLite has one writer.
     */
    Optional<Attachment> save(NewAttachment attachment, long quotaBytes);

    /** Removes an unsent row whose blob could not be stored (its key is queued for deletion). */
    void discard(long attachmentId);

    Optional<Owner> owner(long attachmentId);

    Optional<Attachment> find(long attachmentId);

    Optional<Stored> stored(long attachmentId);

    /** Bytes the uploader's stored files take. */
    long usedBytes(long uploaderId);

    /**
     * Removes up to {@code limit} uploads created before {@code before} that no message carries
     * (the uploader never sent them), in one short transaction; returns how many. An upload a
     * message carries is never removed here, even when a send races the removal: the database
     * re-checks "not sent" on the row it deletes. A send naming a removed upload is refused with
     * {@link MessageStore.Refusal#ATTACHMENT_UNKNOWN}.
     */
    int deleteOrphans(Instant before, int limit);

    /** Up to {@code limit} keys of blobs whose rows are gone, oldest first not promised. */
    List<String> queuedBlobs(int limit);

    /** Forgets keys whose blobs have been deleted from the blob store. */
    void blobsDeleted(List<String> keys);

    /** Up to {@code limit} ids of rows whose bytes are still in the database, lowest first. */
    List<Long> inDatabase(int limit);

    /** The bytes of a row that still has them in the database; empty once moved (or gone). */
    Optional<byte[]> databaseContent(long attachmentId);

    /**
     * Records a row's bytes as stored under {@code blobKey} and drops them from the database;
     * false (nothing changes) when another node moved it first or the row is gone. Idempotent.
     */
    boolean moveToBlob(long attachmentId, String blobKey, String sha256);
}
