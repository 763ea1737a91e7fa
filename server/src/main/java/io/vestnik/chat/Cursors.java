package io.vestnik.chat;

import io.vestnik.domain.Chat;
import io.vestnik.protocol.Problem;
import io.vestnik.store.ChatStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** Opaque chat-list cursors: the position of the last chat shown, so pages never skip or repeat. */
final class Cursors {
    private Cursors() {}

    static String encode(Chat last) {
        String raw = last.lastActivityAt().toEpochMilli() + ":" + last.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static ChatStore.Cursor decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) return null;
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = raw.indexOf(':');
            return new ChatStore.Cursor(Instant.ofEpochMilli(Long.parseLong(raw.substring(0, colon))),
                    Long.parseLong(raw.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw Problem.invalid("Parameter 'cursor' is not a cursor this server gave out.");
        }
    }
}
