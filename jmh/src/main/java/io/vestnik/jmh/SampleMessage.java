package io.vestnik.jmh;

import io.vestnik.domain.Message;
import io.vestnik.domain.MessageState;
import io.vestnik.protocol.Json;
import io.vestnik.protocol.ServerEvent;
import java.time.Instant;
import java.util.List;

/**
 * A message as chats really carry them: a sentence of mixed Cyrillic, Latin and an emoji (so
 * UTF-8 encoding takes its multi-byte path), a client id, a reply, large ids and seqs.
 */
public final class SampleMessage {
    public static final long CHAT_ID = 1_048_576;
    public static final String BODY = "Привет! Are we still on for tomorrow at 10:00? I'll bring the prototype and the slides 🚀";

    private SampleMessage() {}

    public static Message at(long seq) {
        return new Message(987_654_321L + seq, CHAT_ID, seq, 424_242, BODY,
                "6f1c2b9e-3d4a-4f5b-8c7d-9e0f1a2b3c4d", Instant.parse("2026-11-22T07:31:31.123Z"),
                null, false, seq - 1, null, List.of(), MessageState.COMPLETE);
    }

    /** The {@code new_message} frame of {@link #at(long)}, as every recipient receives it. */
    public static String frame(long seq) {
        return Json.write(new ServerEvent.NewMessage(CHAT_ID, at(seq)));
    }
}
