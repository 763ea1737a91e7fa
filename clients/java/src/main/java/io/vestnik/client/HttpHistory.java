package io.vestnik.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;

/** A chat's stored messages after a seq, through {@code GET /api/v1/chats/{id}/messages?after_seq=&limit=} as the user. */
record HttpHistory(Http http) implements ChatStream.History {
    @Override
    public ChatStream.Page after(long chatId, long afterSeq, int limit) {
        JsonNode page = http.call("GET", "/api/v1/chats/" + chatId + "/messages?after_seq=" + afterSeq + "&limit=" + limit, null);
        return new ChatStream.Page(Arrays.asList(Json.convert(page.path("messages"), Message[].class)), page.path("has_more").asBoolean(),
                page.has("hidden_seqs") ? Arrays.asList(Json.convert(page.path("hidden_seqs"), Long[].class)) : java.util.List.of());
    }
}
