package io.vestnik.domain;

import java.time.Instant;
import java.util.List;

/**
 * A chat as stored: who is in it, how far it has counted, when it was last active.
 * What a particular reader sees (unread count, last message) is {@link io.vestnik.chat.ChatView}.
 */
public record Chat(
        long id,
        ChatKind kind,
        String title,
        ChatContext context,
        List<Member> members,
        long lastSeq,
        Instant createdAt,
        Instant lastActivityAt) {

    public boolean hasMember(long userId) {
        return member(userId) != null;
    }

    public Member member(long userId) {
        for (Member m : members) {
            if (m.userId() == userId) return m;
        }
        return null;
    }
}
