package io.vestnik.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;

/**
 * A chat's stored messages after a seq, through {@code GET /api/v1/chats/{id}/messages?after_seq=&limit=&thread_replies=true}
 * as the user: every message, thread replies included, as the live stream carries them.
 */
record HttpHistory(Http http) implements ChatStream.History {
    @Override
    public ChatStream.Page after(long chatId, long afterSeq, int limit) {
        JsonNode page = http.call("GET", "/api/v1/chats/" + chatId + "/messages?after_seq=" + afterSeq + "&limit=" + limit
                + "&thread_replies=true", null);
        return new ChatStream.Page(Arrays.asList(Json.convert(page.path("messages"), Message[].class)), page.path("has_more").asBoolean(),
                page.has("hidden_seqs") ? Arrays.asList(Json.convert(page.path("hidden_seqs"), Long[].class)) : java.util.List.of());
    }
}
