package io.vestnik.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A chat as the server shows it; {@code context} is {@code {type, id}} for listing chats. Through
 * the server API each member also carries the host's {@code externalId} (null for a local account).
 */
public record Chat(long id, String kind, String title, JsonNode context, List<Member> members, long lastSeq, String createdAt) {
    public record Member(long userId, String role, long lastReadSeq, String externalId) {}

    public boolean hasMember(long userId) {
        return members != null && members.stream().anyMatch(m -> m.userId() == userId);
    }
}
