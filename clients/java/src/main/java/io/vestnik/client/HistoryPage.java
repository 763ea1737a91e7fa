package io.vestnik.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;

/**
 * A page of a chat's stored messages, ascending. {@code hasMore} says whether more lie in the
 * direction paged. {@code hiddenSeqs} are seqs in the page whose messages are left out because the
 * user blocks their sender: a page may hold only those, so an empty {@code messages} is not the
 * end — {@code hasMore} is.
 */
public record HistoryPage(List<Message> messages, boolean hasMore, List<Long> hiddenSeqs) {

    public HistoryPage {
        messages = List.copyOf(messages);
        hiddenSeqs = List.copyOf(hiddenSeqs);
    }

    /** The lowest seq the page covers, shown or hidden: the {@code beforeSeq} of the next older page; 0 for an empty page. */
    public long lowestSeq() {
        return LongStream.concat(messages.stream().mapToLong(Message::seq), hiddenSeqs.stream().mapToLong(Long::longValue))
                .min().orElse(0);
    }

    /** The server's answer to {@code GET /api/v1/chats/{id}/messages}. */
    static HistoryPage read(JsonNode page) {
        return new HistoryPage(Arrays.asList(Json.convert(page.path("messages"), Message[].class)), page.path("has_more").asBoolean(),
                page.has("hidden_seqs") ? Arrays.asList(Json.convert(page.path("hidden_seqs"), Long[].class)) : List.of());
    }
}
