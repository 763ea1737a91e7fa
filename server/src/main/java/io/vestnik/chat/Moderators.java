package io.vestnik.chat;

import io.vestnik.domain.Chat;
import io.vestnik.domain.ChatKind;
import io.vestnik.domain.Member;
import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Problem;

/**
 * Who may moderate whom in a group (the table in docs/api.md): the owner and admins moderate; an
 * admin may not act on the owner or on another admin; only the owner manages roles. Direct and
 * listing chats have no moderators. Each check throws the refusal the caller is told.
 */
final class Moderators {
    private Moderators() {}

    /** Direct and listing chats have no roles and no moderation. */
    static void requireGroup(Chat chat) {
        if (chat.kind() != ChatKind.GROUP) {
            throw Problem.of(ErrorCode.CONFLICT, "A " + chat.kind().wire() + " chat has no roles or moderation.");
        }
    }

    /** The caller, an owner or admin of the group. */
    static Member moderator(Chat chat, long callerId) {
        requireGroup(chat);
        Member self = chat.member(callerId);
        if (!self.moderates()) throw Problem.of(ErrorCode.FORBIDDEN, "Only the group's owner and admins may do this.");
        return self;
    }

    /** The caller, the group's owner. */
    static Member owner(Chat chat, long callerId) {
        requireGroup(chat);
        Member self = chat.member(callerId);
        if (!Member.OWNER.equals(self.role())) throw Problem.of(ErrorCode.FORBIDDEN, "Only the group's owner may do this.");
        return self;
    }

    /** {@code actor} may act on user {@code targetId}: not themselves, and an admin not on the owner or another admin. */
    static void requireOver(Chat chat, Member actor, long targetId) {
        if (actor.userId() == targetId) throw Problem.invalid("A moderator cannot act on themselves.");
        Member target = chat.member(targetId);
        if (target == null || !target.moderates() || Member.OWNER.equals(actor.role()) && !Member.OWNER.equals(target.role())) {
            return;
        }
        throw Problem.of(ErrorCode.FORBIDDEN, Member.OWNER.equals(target.role())
                ? "No one may act on the group's owner."
                : "Only the group's owner may act on an admin.");
    }
}
