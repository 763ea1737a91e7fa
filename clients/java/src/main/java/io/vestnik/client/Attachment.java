package io.vestnik.client;

/**
 * An uploaded file. {@code url} (and {@code thumbnailUrl}, for PNG, JPEG and GIF images; null
 * otherwise) are signed, expire, and are relative to the server; {@code sha256} is the bytes' hash
 * in hex.
 */
public record Attachment(long id, String name, long size, String contentType, String sha256, String url, String thumbnailUrl) {}
