package io.vestnik.chat;

import io.vestnik.media.ContentSniffer;
import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Problem;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which media type an upload is stored (and later served) as: decided from its first bytes, never
 * from the client's word alone. The accepted types are {@link #ACCEPTED}. A declared type must be
 * one of them and match the bytes; with no type declared (or {@code application/octet-stream})
 * the bytes decide, and opaque bytes are stored as {@code application/octet-stream}, which is only
 * ever served as a download. Markup and programs (HTML, SVG, XML, executables, scripts) are refused
 * whatever they are declared as.
 */
final class UploadTypes {
    static final String OPAQUE = "application/octet-stream";
    static final List<String> ACCEPTED = List.of("image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf",
            "text/plain", OPAQUE);
    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*");

    private UploadTypes() {}

    static String settle(String declaredHeader, byte[] head) {
        ContentSniffer.Kind kind = ContentSniffer.sniff(head);
        if (kind == ContentSniffer.Kind.ACTIVE) {
            throw refused("The file is markup or a program (HTML, SVG, XML, an executable or a script); such files are not accepted.");
        }
        Optional<String> sniffed = kind.mediaType();
        String declared = declared(declaredHeader);
        if (declared == null || declared.equals(OPAQUE)) return sniffed.orElse(OPAQUE);
        if (!ACCEPTED.contains(declared)) {
            throw refused("Files of type '" + declared + "' are not accepted; accepted: " + String.join(", ", ACCEPTED) + ".");
        }
        if (!sniffed.map(declared::equals).orElse(false)) {
            throw refused("The file's content is not " + declared + (sniffed.map(t -> " (it is " + t + ")").orElse("")) + ".");
        }
        return declared;
    }

    /** The header's media type, lower-cased without parameters; null when there is none. */
    private static String declared(String header) {
        if (header == null || header.isBlank()) return null;
        String type = header.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!MEDIA_TYPE.matcher(type).matches()) throw refused("Content-Type '" + header + "' is not a media type.");
        return type;
    }

    private static Problem refused(String message) {
        return Problem.of(ErrorCode.UNSUPPORTED_MEDIA_TYPE, message);
    }
}
