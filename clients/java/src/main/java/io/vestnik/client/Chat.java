package io.vestnik.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A chat as the server shows it; {@code context} is {@code {type, id}} for listing chats. */
public record Chat(long id, String kind, String title, JsonNode context, List<Member> members, long lastSeq, String createdAt) {
    public record Member(long userId, String role, long lastReadSeq) {}

    public boolean hasMember(long userId) {
        return members != null && members.stream().anyMatch(m -> m.userId() == userId);
    }
}
