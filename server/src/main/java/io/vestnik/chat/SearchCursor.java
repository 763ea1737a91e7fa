package io.vestnik.chat;

import io.vestnik.protocol.Problem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Where the next page of a search starts: how many results were shown, and the time of the first
 * page. Ranks are relative (BM25 weighs each word by how rare it is), so a position in the
 * ranking cannot be named by a key the way a chat list's can; the time keeps messages sent after
 * the first page from pushing results across page boundaries.
 */
record SearchCursor(int offset, Instant asOf) {

    String encode() {
        String raw = offset + ":" + asOf.toEpochMilli();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor a previous page gave out; null for none. */
    static SearchCursor decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) return null;
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = raw.indexOf(':');
            int offset = Integer.parseInt(raw.substring(0, colon));
            if (offset < 0) throw new IllegalArgumentException("negative offset");
            return new SearchCursor(offset, Instant.ofEpochMilli(Long.parseLong(raw.substring(colon + 1))));
        } catch (RuntimeException e) {
            throw Problem.invalid("Parameter 'cursor' is not a cursor this server gave out.");
        }
    }
}
