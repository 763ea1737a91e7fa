package io.vestnik.media;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a file is, from its first bytes ({@link #HEAD_BYTES}), never from its name or the type a
 * client declares: the magic numbers of the image and document types Vestnik accepts, plain UTF-8
 * text, and the markup and executables it refuses to store under any label. Pure; thread-safe.
 */
public final class ContentSniffer {
    /** How much of a file's start the sniffer looks at. */
    public static final int HEAD_BYTES = 512;

    /** What the first bytes show. */
    public enum Kind {
        PNG("image/png"), JPEG("image/jpeg"), GIF("image/gif"), WEBP("image/webp"), PDF("application/pdf"),
        TEXT("text/plain"),
        /** HTML, SVG, XML or an executable: content a browser or a desktop could run. */
        ACTIVE(null),
        /** None of the above: opaque bytes. */
        UNKNOWN(null);

        private final String mediaType;

        Kind(String mediaType) {
            this.mediaType = mediaType;
        }

        /** The media type this kind is stored as; empty for {@link #ACTIVE} and {@link #UNKNOWN}. */
        public Optional<String> mediaType() {
            return Optional.ofNullable(mediaType);
        }
    }

    private ContentSniffer() {}

    public static Kind sniff(byte[] head) {
        if (startsWith(head, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) return Kind.PNG;
        if (startsWith(head, 0xFF, 0xD8, 0xFF)) return Kind.JPEG;
        if (startsWith(head, 'G', 'I', 'F', '8', '7', 'a') || startsWith(head, 'G', 'I', 'F', '8', '9', 'a')) return Kind.GIF;
        if (startsWith(head, 'R', 'I', 'F', 'F') && head.length >= 12 && ascii(head, 8, 12).equals("WEBP")) return Kind.WEBP;
        if (startsWith(head, '%', 'P', 'D', 'F', '-')) return Kind.PDF;
        if (startsWith(head, 0x7F, 'E', 'L', 'F') || startsWith(head, 'M', 'Z') || startsWith(head, '#', '!')) return Kind.ACTIVE;
        if (isText(head)) return looksLikeMarkup(head) ? Kind.ACTIVE : Kind.TEXT;
        return Kind.UNKNOWN;
    }

    private static boolean startsWith(byte[] head, int... magic) {
        if (head.length < magic.length) return false;
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xFF) != magic[i]) return false;
        }
        return true;
    }

    private static String ascii(byte[] head, int from, int to) {
        return new String(Arrays.copyOfRange(head, from, to), StandardCharsets.US_ASCII);
    }

    /** UTF-8 without control characters other than tab, newline, form feed and carriage return. */
    private static boolean isText(byte[] head) {
        for (byte b : head) {
            if ((b >= 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\f' && b != '\r') || b == 0x7F) return false;
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        // The head may cut the file's last character in two: up to three bytes of it may be missing.
        for (int cut = 0; cut <= Math.min(3, head.length); cut++) {
            try {
                utf8.reset().decode(ByteBuffer.wrap(head, 0, head.length - cut));
                return true;
            } catch (CharacterCodingException e) {
                // try without one more trailing byte
            }
        }
        return false;
    }

    private static boolean looksLikeMarkup(byte[] head) {
        String start = new String(head, StandardCharsets.UTF_8).stripLeading().toLowerCase(Locale.ROOT);
        return start.startsWith("<!doctype") || start.startsWith("<html") || start.startsWith("<script")
                || start.startsWith("<svg") || start.startsWith("<?xml") || start.startsWith("<head") || start.startsWith("<body")
                || start.startsWith("<iframe");
    }
}
