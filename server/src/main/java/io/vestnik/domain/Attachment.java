package io.vestnik.domain;

/**
 * An uploaded file. {@code url} (and {@code thumbnailUrl}, for images that have one) are filled
 * in per reader, signed and expiring, never stored. {@code sha256} is the hex digest of the bytes.
 */
public record Attachment(long id, String name, long size, String contentType, String sha256, String url,
                         String thumbnailUrl) {
    public Attachment withUrls(String signedUrl, String signedThumbnailUrl) {
        return new Attachment(id, name, size, contentType, sha256, signedUrl, signedThumbnailUrl);
    }
}
