package io.vestnik.client;

/**
 * A chat's stored messages after a seq, through {@code GET /api/v1/chats/{id}/messages?after_seq=&limit=&thread_replies=true}
 * as the user: every message, thread replies included, as the live stream carries them.
 */
record HttpHistory(Http http) implements ChatStream.History {
    @Override
    public HistoryPage after(long chatId, long afterSeq, int limit) {
        return HistoryPage.read(http.call("GET", "/api/v1/chats/" + chatId + "/messages?after_seq=" + afterSeq + "&limit=" + limit
                + "&thread_replies=true", null));
    }
}
