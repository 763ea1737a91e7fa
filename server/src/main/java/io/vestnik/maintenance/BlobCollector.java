package io.vestnik.maintenance;

import io.vestnik.blob.BlobKey;
import io.vestnik.blob.BlobStore;
import io.vestnik.store.AttachmentStore;
import java.util.List;

/**
 * Deletes the blobs of attachments whose rows are gone (decision 0033). Safe against a send that
 * is attaching an upload: a blob is queued only by its row's deletion, and an unsent upload's row
 * is deleted only after the grace period ({@link Cleanup#GRACE}) and only while no message carries
 * it, re-checked on the row the DELETE removes (PostgreSQL; SQLite has one writer), while a send
 * locks the rows it attaches. So once a key is queued, no message names it and none can. Deleting
 * a blob is idempotent, so a run that dies between the blob store and the queue deletes it again.
 */
final class BlobCollector {
    private BlobCollector() {}

    /** Deletes up to {@code limit} queued blobs, each with its thumbnail, then forgets them; returns how many. */
    static int deleteQueued(AttachmentStore store, BlobStore blobs, int limit) {
        List<String> keys = store.queuedBlobs(limit);
        for (String key : keys) {
            blobs.delete(key);
            blobs.delete(BlobKey.thumbnail(key));
        }
        store.blobsDeleted(keys);
        return keys.size();
    }
}
