package io.vestnik.chat;

import io.vestnik.blob.BlobContent;
import io.vestnik.blob.BlobKey;
import io.vestnik.blob.BlobStore;
import io.vestnik.media.Thumbnails;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * An image's thumbnail, kept in the blob store beside the image under {@link BlobKey#thumbnail}: made
 * from the image on first request and stored (two nodes making it at once store the same bytes),
 * read back after. Removed with the image (the cleanup job deletes both keys). Blocking.
 */
final class Thumbnail {
    private Thumbnail() {}

    static Optional<byte[]> of(BlobStore blobs, String imageKey, long imageSize) {
        String key = BlobKey.thumbnail(imageKey);
        try {
            Optional<InputStream> kept = blobs.open(key, 0, BlobStore.TO_END);
            if (kept.isPresent()) {
                try (InputStream in = kept.get()) {
                    return Optional.of(in.readAllBytes());
                }
            }
            Optional<byte[]> made;
            try (InputStream image = blobs.open(imageKey, 0, imageSize).orElseThrow()) {
                made = Thumbnails.of(image);
            }
            made.ifPresent(png -> blobs.put(key, BlobContent.of(png)));
            return made;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
