package io.vestnik.domain;

import java.time.Instant;
import java.util.List;

/**
 * A chat as stored: who is in it, how far it has counted, when it was last active, its slow
 * mode (a plain member sends at most one message per {@code slowModeSeconds}; 0 is off). A group has a
 * title, and may have a description and an avatar (a URL the host application serves).
 * What a particular reader sees (unread count, last message) is {@link io.vestnik.protocol.ChatView}.
 */
public record Chat(
        long id,
        ChatKind kind,
        String title,
        ChatContext context,
        List<Member> members,
        long lastSeq,
        Instant createdAt,
        Instant lastActivityAt,
        int slowModeSeconds,
        String description,
        String avatarUrl) {

    public Chat withMembers(List<Member> replaced) {
        return new Chat(id, kind, title, context, replaced, lastSeq, createdAt, lastActivityAt, slowModeSeconds, description, avatarUrl);
    }

    /** After a message took {@code seq} at {@code at}. */
    public Chat withLastMessage(long seq, Instant at) {
        return new Chat(id, kind, title, context, members, seq, createdAt, at, slowModeSeconds, description, avatarUrl);
    }

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
