package io.vestnik.blob;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** The names blobs are stored under: chosen by the server, safe as a file name and as an S3 key. */
public final class BlobKey {
    private static final Pattern VALID = Pattern.compile("[a-z0-9-]{1,100}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private BlobKey() {}

    /** 128 random bits in hex: unguessable, and never the same for two uploads. */
    public static String random() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return HexFormat.of().formatHex(bits);
    }

    /** The key of an image's thumbnail, kept and deleted with the image. */
    public static String thumbnail(String key) {
        return check(key + "-thumb");
    }

    /** {@code key}, when it is a valid key; a programming error otherwise. */
    public static String check(String key) {
        if (key == null || !VALID.matcher(key).matches()) throw new IllegalArgumentException("not a blob key: " + key);
        return key;
    }
}
