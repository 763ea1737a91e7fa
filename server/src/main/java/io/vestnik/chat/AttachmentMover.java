package io.vestnik.chat;

import io.vestnik.blob.BlobContent;
import io.vestnik.blob.BlobStore;
import io.vestnik.store.AttachmentStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves files stored in the database (before decision 0033) into the blob store, once: at start-up
 * for all of them, and on the first read of one a node of the previous version wrote meanwhile.
 * Each row goes under the key {@code db-<id>}, so a move that a crash or another node interrupted
 * and that runs again writes the same blob again (idempotent), and the database records the move
 * only if no one did ({@link AttachmentStore#moveToBlob}); whatever the order, a row ends with one
 * key whose blob holds its bytes. Resumable: each row is moved on its own. Blocking.
 */
public final class AttachmentMover {
    private static final Logger log = LoggerFactory.getLogger(AttachmentMover.class);
    private static final int BATCH = 100;

    private AttachmentMover() {}

    /** Moves every row still in the database; returns how many this call moved. */
    public static int moveAll(AttachmentStore store, BlobStore blobs) {
        int moved = 0;
        long last = -1;
        for (List<Long> ids = store.inDatabase(BATCH); !ids.isEmpty() && ids.getLast() != last; ids = store.inDatabase(BATCH)) {
            last = ids.getLast();
            for (long id : ids) {
                if (moveOne(store, blobs, id).isPresent()) moved++;
            }
        }
        if (moved > 0) log.info("moved {} attachments from the database into the blob store", moved);
        return moved;
    }

    /** Moves one row; the key its bytes are under now, empty when the row is gone. */
    static Optional<String> moveOne(AttachmentStore store, BlobStore blobs, long attachmentId) {
        Optional<byte[]> content = store.databaseContent(attachmentId);
        if (content.isEmpty()) return store.stored(attachmentId).map(AttachmentStore.Stored::blobKey);
        String key = "db-" + attachmentId;
        blobs.put(key, BlobContent.of(content.get()));
        if (store.moveToBlob(attachmentId, key, sha256(content.get()))) return Optional.of(key);
        return store.stored(attachmentId).map(AttachmentStore.Stored::blobKey);
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
