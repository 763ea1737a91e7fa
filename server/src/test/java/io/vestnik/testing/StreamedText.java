package io.vestnik.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What a client makes of one streamed message from the frames it received, in order, as a client
 * should: a message frame ({@code new_message}, {@code message_updated}, an {@code ack}) sets the
 * body and state, and each {@code message_delta} must start exactly where the body ends (and
 * come after the message, and before it is complete).
 *
 * @param deltas how many deltas it applied
 */
public record StreamedText(String body, String state, int deltas) {

    /** @throws AssertionError when a delta does not continue the body (a gap or an overlap), or one comes before the message */
    public static StreamedText of(List<JsonNode> frames, long chatId, long seq) {
        String body = null;
        String state = null;
        int deltas = 0;
        for (JsonNode frame : frames) {
            JsonNode message = frame.path("message");
            String type = frame.path("type").asText();
            if (type.equals("message_delta") && frame.path("chat_id").asLong() == chatId && frame.path("seq").asLong() == seq) {
                if (body == null) throw new AssertionError("a delta before the message: " + frame);
                if ("complete".equals(state)) throw new AssertionError("a delta after the message was complete: " + frame);
                int offset = frame.path("offset").asInt();
                if (offset != body.length()) {
                    throw new AssertionError("delta at " + offset + " where the body so far has " + body.length() + ": " + frame);
                }
                body += frame.path("text").asText();
                deltas++;
            } else if (message.path("chat_id").asLong() == chatId && message.path("seq").asLong() == seq) {
                body = message.path("body").asText();
                state = message.path("state").asText();
            }
        }
        return new StreamedText(body, state, deltas);
    }
}
