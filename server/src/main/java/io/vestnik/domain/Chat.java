package io.vestnik.domain;

import java.time.Instant;
import java.util.List;

/**
 * A chat as stored: who is in it, how far it has counted, when it was last active, and its slow
 * mode (a plain member sends at most one message per {@code slowModeSeconds}; 0 is off).
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
        Instant lastActivityAt,
        int slowModeSeconds) {

    public Chat withMembers(List<Member> replaced) {
        return new Chat(id, kind, title, context, replaced, lastSeq, createdAt, lastActivityAt, slowModeSeconds);
    }

    /** After a message took {@code seq} at {@code at}. */
    public Chat withLastMessage(long seq, Instant at) {
        return new Chat(id, kind, title, context, members, seq, createdAt, at, slowModeSeconds);
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
