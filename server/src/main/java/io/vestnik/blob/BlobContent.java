package io.vestnik.blob;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bytes to store, which a store may read more than once: an S3 client reads them once to hash
 * the payload it signs, then again to send it. A staged upload is a file, so neither read holds
 * it in memory.
 */
public interface BlobContent {

    /** How many bytes every {@link #open()} yields. */
    long length();

    /** A new stream over the bytes, from the first; the caller closes it. */
    InputStream open() throws IOException;

    static BlobContent of(Path file) {
        try {
            long length = Files.size(file);
            return new BlobContent() {
                @Override
                public long length() {
                    return length;
                }

                @Override
                public InputStream open() throws IOException {
                    return Files.newInputStream(file);
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BlobContent of(byte[] bytes) {
        return new BlobContent() {
            @Override
            public long length() {
                return bytes.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }
        };
    }
}
