package io.vestnik.blob;

import java.io.InputStream;
import java.util.Optional;

/**
 * Where attachment bytes live, outside the database (decision 0033). Implementations:
 * {@code DiskBlobStore} (files under the data directory, the embedded default) and
 * {@code S3BlobStore} (an S3-compatible bucket). The database keeps each blob's metadata and key.
 *
 * <p><b>Keys</b> are chosen by the server, never by a client ({@link BlobKey}): 1 to 100 characters
 * of {@code [a-z0-9-]}. A store never turns a client's input into a path, and nothing is served
 * by path: bytes leave only through the routes that check access.
 *
 * <p><b>Put is atomic and durable.</b> A reader sees no blob under a key or all of it, never part
 * of it. When {@link #put} returns, the bytes survive a crash of the node (disk: the file and its
 * directory are fsynced before the rename that publishes it; S3: the service acknowledged the
 * PUT). A put that fails, or a crash in the middle of one, leaves nothing under the key (disk: the
 * half-written temporary file is removed when the store next opens; S3: an incomplete PUT stores
 * nothing). Putting a key again replaces its blob whole, so a repeated put of the same bytes is
 * idempotent.
 *
 * <p><b>Streaming.</b> A put reads its content's streams holding a bounded buffer; a read
 * returns a stream over the range asked for. Neither holds a whole blob in memory.
 *
 * <p><b>Delete is idempotent</b>: deleting a missing key succeeds. A read that races a delete may
 * see the blob or not, never a part of it (disk: an open file stays readable).
 *
 * <p>Thread-safe; blocking (call off the event loop). Failures of the underlying storage surface as
 * {@link java.io.UncheckedIOException}.
 */
public interface BlobStore extends AutoCloseable {
    /** A length for {@link #open} that reads to the blob's end. */
    long TO_END = Long.MAX_VALUE;

    /**
     * Stores {@code content} under {@code key}. Fails, storing nothing, when a stream of the content
     * fails or does not yield exactly {@link BlobContent#length()} bytes.
     */
    void put(String key, BlobContent content);

    /**
     * The {@code length} bytes of the blob starting at byte {@code offset}; empty when there is no
     * such blob. The range must lie within the blob (the caller knows its size from the database),
     * or {@code length} be {@link #TO_END}.
     * The caller closes the stream.
     */
    Optional<InputStream> open(String key, long offset, long length);

    /** Removes the blob, if there is one. */
    void delete(String key);

    @Override
    void close();
}
