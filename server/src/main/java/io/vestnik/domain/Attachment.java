package io.vestnik.domain;

/** An uploaded file; {@code url} is filled in per reader, signed and expiring, never stored. */
public record Attachment(long id, String name, long size, String contentType, String url) {
    public Attachment withUrl(String signedUrl) {
        return new Attachment(id, name, size, contentType, signedUrl);
    }
}
