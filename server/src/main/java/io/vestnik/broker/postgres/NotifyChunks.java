package io.vestnik.broker.postgres;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits a message of any size into NOTIFY payloads, which PostgreSQL limits to 8000 bytes. A message
 * that fits travels as {@code W} + message; a larger one as numbered chunks,
 * {@code C<messageId> <index> <count>} LF data, that the publisher sends in one transaction, so
 * they all arrive, in order, or none do. Chunks are cut between code points, never inside one.
 *
 * <p>{@link Reassembly} is confined to the listener thread.
 */
final class NotifyChunks {
    static final int MAX_PAYLOAD_BYTES = 7900;
    private static final int MAX_CHUNK_DATA_BYTES = 7800;

    private NotifyChunks() {}

    static List<String> split(String message, String messageId) {
        if (utf8Length(message) <= MAX_PAYLOAD_BYTES) return List.of("W" + message);
        List<String> data = new ArrayList<>();
        int start = 0;
        int bytes = 0;
        for (int i = 0; i < message.length(); ) {
            int cp = message.codePointAt(i);
            int size = utf8Length(cp);
            if (bytes + size > MAX_CHUNK_DATA_BYTES) {
                data.add(message.substring(start, i));
                start = i;
                bytes = 0;
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        data.add(message.substring(start));
        List<String> chunks = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            chunks.add("C" + messageId + " " + i + " " + data.size() + "\n" + data.get(i));
        }
        return chunks;
    }

    private static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            bytes += utf8Length(cp);
            i += Character.charCount(cp);
        }
        return bytes;
    }

    private static int utf8Length(int codePoint) {
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }

    /** Joins chunks back into messages; what it cannot read it refuses with an exception. */
    static final class Reassembly {
        private final Map<String, Partial> partials = new HashMap<>();

        private record Partial(StringBuilder text, int next, int count) {}

        /** The whole message once {@code payload} completes one, else null. */
        String accept(String payload) {
            if (payload.startsWith("W")) return payload.substring(1);
            if (!payload.startsWith("C")) throw new IllegalArgumentException("neither a message nor a chunk");
            int newline = payload.indexOf('\n');
            if (newline < 0) throw new IllegalArgumentException("a chunk without data");
            String[] header = payload.substring(1, newline).split(" ");
            if (header.length != 3) throw new IllegalArgumentException("a chunk header without id, index and count");
            String id = header[0];
            int index = Integer.parseInt(header[1]);
            int count = Integer.parseInt(header[2]);
            Partial partial = index == 0 ? new Partial(new StringBuilder(), 0, count) : partials.remove(id);
            if (partial == null || partial.next() != index || partial.count() != count) {
                throw new IllegalArgumentException("chunk " + index + " of " + id + " out of order");
            }
            partial.text().append(payload, newline + 1, payload.length());
            if (index + 1 == count) {
                partials.remove(id);
                return partial.text().toString();
            }
            partials.put(id, new Partial(partial.text(), index + 1, count));
            return null;
        }
    }
}
