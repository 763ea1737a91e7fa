package io.vestnik.http;

import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Problem;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one byte range a {@code Range} header asks of a file (RFC 9110 §14): {@code bytes=a-b},
 * {@code bytes=a-} or {@code bytes=-n}. A header that is absent, malformed, not in bytes or asks
 * for several ranges is ignored, and the whole file is served (as the RFC allows); a range that
 * starts past the end is unsatisfiable (416).
 */
record ByteRange(long start, long length) {
    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

    long end() {
        return start + length - 1;
    }

    /** {@code Content-Range} of this range of a file of {@code size} bytes. */
    String contentRange(long size) {
        return "bytes " + start + "-" + end() + "/" + size;
    }

    /** The range {@code header} asks of a file of {@code size} bytes; empty to serve it whole. */
    static Optional<ByteRange> of(String header, long size) {
        if (header == null) return Optional.empty();
        Matcher m = SINGLE.matcher(header.strip());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) return Optional.empty();
        if (m.group(1).isEmpty()) return suffix(Long.parseLong(m.group(2)), size);
        long start = Long.parseLong(m.group(1));
        long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
        if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < start) return Optional.empty();
        if (start >= size) throw unsatisfiable(size);
        return Optional.of(new ByteRange(start, last - start + 1));
    }

    /** The last {@code n} bytes. */
    private static Optional<ByteRange> suffix(long n, long size) {
        if (n == 0) throw unsatisfiable(size);
        long length = Math.min(n, size);
        return Optional.of(new ByteRange(size - length, length));
    }

    static Problem unsatisfiable(long size) {
        return Problem.of(ErrorCode.RANGE_NOT_SATISFIABLE, "The range starts past the file's end; the file has " + size + " bytes.");
    }
}
