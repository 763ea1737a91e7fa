package io.vestnik.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A user's own calls on a chat's messages and files, over HTTP with their token ({@code /api/v1/chats/{id}/...}).
 * Each is sent once, without retry; its future fails with the server's {@link VestnikException}.
 * What a call changes reaches every member's connection as the server's event, not from here.
 */
record UserCalls(Http http) {
    CompletableFuture<Message> edit(long chatId, long seq, String body) {
        return http.callAsync("PATCH", message(chatId, seq), Map.of("body", body), UserCalls::message);
    }

    CompletableFuture<Void> delete(long chatId, long seq) {
        return http.callAsync("DELETE", message(chatId, seq), null, UserCalls::nothing);
    }

    CompletableFuture<Void> pin(long chatId, long seq) {
        return http.callAsync("POST", chat(chatId) + "/pins", Map.of("seq", seq), UserCalls::nothing);
    }

    CompletableFuture<Void> unpin(long chatId, long seq) {
        return http.callAsync("DELETE", chat(chatId) + "/pins/" + seq, null, UserCalls::nothing);
    }

    /** The chat's own history backwards from {@code beforeSeq} (the newest when null), ascending. */
    CompletableFuture<HistoryPage> history(long chatId, Long beforeSeq, int limit) {
        String query = "?limit=" + limit + (beforeSeq == null ? "" : "&before_seq=" + beforeSeq);
        return http.callAsync("GET", chat(chatId) + "/messages" + query, null, HistoryPage::read);
    }

    /** Uploads a file for the user's next message: POST /api/v1/attachments. */
    CompletableFuture<Attachment> upload(String name, String contentType, byte[] bytes) {
        String query = name == null ? "" : "?name=" + Http.encode(name);
        return http.uploadAsync("/api/v1/attachments" + query, contentType, bytes, answer -> Json.convert(answer, Attachment.class));
    }

    private static String chat(long chatId) {
        return "/api/v1/chats/" + chatId;
    }

    private static String message(long chatId, long seq) {
        return chat(chatId) + "/messages/" + seq;
    }

    private static Message message(JsonNode answer) {
        return Json.convert(answer.path("message"), Message.class);
    }

    private static Void nothing(JsonNode answer) {
        return null;
    }
}
