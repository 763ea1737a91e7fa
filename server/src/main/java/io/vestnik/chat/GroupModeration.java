package io.vestnik.chat;

import io.vestnik.auth.Principal;
import io.vestnik.domain.Chat;
import io.vestnik.domain.Member;
import io.vestnik.protocol.ChatView;
import io.vestnik.protocol.Check;
import io.vestnik.protocol.Problem;
import io.vestnik.store.ChatStore;
import io.vestnik.store.ModerationStore;
import java.time.Clock;
import java.time.Instant;

/**
 * A group's own moderation by its owner and admins (who may do what: {@link Moderators}): roles,
 * mutes, bans and slow mode. Each change is in storage when the call returns and reaches members
 * live: roles and slow mode as {@code chat_updated}, mutes as {@code member_muted} (from the chat's
 * change log, written by the store), a ban as the banned user leaving the chat on every node. Blocking (storage): call off the event loop.
 */
public final class GroupModeration {
    /** Slow mode's longest interval: an hour, as hosted chat products offer. */
    static final int MAX_SLOW_MODE_SECONDS = 3600;

    private final ChatService chats;
    private final ChatStore chatStore;
    private final ModerationStore store;
    private final Clock clock;

    public GroupModeration(ChatService chats, ChatStore chatStore, ModerationStore store, Clock clock) {
        this.chats = chats;
        this.chatStore = chatStore;
        this.store = store;
        this.clock = clock;
    }

    public record SetRole(String role) {}

    public record SlowMode(Integer seconds) {}

    /** A mute or ban as it was set: {@code until} null for until lifted. */
    public record Restriction(long chatId, long userId, Instant until) {}

    /**
     * {@code PUT …/members/{user_id}/role}: the owner makes a member an admin or a member again, or
     * hands ownership over ({@code owner}: the caller becomes an admin). Idempotent.
     */
    public ChatView setRole(Principal caller, long chatId, long userId, SetRole request) {
        String role = Check.present(request.role(), "role");
        Chat chat = chats.memberOf(caller, chatId);
        Moderators.owner(chat, caller.userId());
        if (userId == caller.userId()) throw Problem.invalid("The owner keeps their role until they hand ownership over.");
        requireMember(chat, userId);
        switch (role) {
            case Member.OWNER -> chatStore.transferOwnership(chatId, caller.userId(), userId);
            case Member.ADMIN, Member.MEMBER -> chatStore.setRole(chatId, userId, role);
            default -> throw Problem.invalid("Field 'role' must be one of: owner, admin, member.");
        }
        return chats.announceChange(chatId, caller.userId());
    }

    /** {@code PUT …/members/{user_id}/mute}: replaces any mute the member had in the group. */
    public Restriction mute(Principal caller, long chatId, long userId, Requests.Restrict request) {
        Instant until = until(request);
        Chat chat = chats.memberOf(caller, chatId);
        Moderators.requireOver(chat, Moderators.moderator(chat, caller.userId()), userId);
        requireMember(chat, userId);
        store.mute(chatId, userId, until, clock.instant());
        return new Restriction(chatId, userId, until);
    }

    /** {@code DELETE …/mute}: answers alike whether there was a mute. */
    public void unmute(Principal caller, long chatId, long userId) {
        Chat chat = chats.memberOf(caller, chatId);
        Moderators.requireOver(chat, Moderators.moderator(chat, caller.userId()), userId);
        store.unmute(chatId, userId, clock.instant());
    }

    /**
     * {@code PUT …/members/{user_id}/ban}: records the ban (replacing one there) and removes the user
     * if a member, in one transaction; then tells the chat, which unsubscribes their connections on
     * every node. A user need not be a member to be banned: the ban keeps them from being added.
     */
    public Restriction ban(Principal caller, long chatId, long userId, Requests.Restrict request) {
        Instant until = until(request);
        Chat chat = chats.memberOf(caller, chatId);
        Moderators.requireOver(chat, Moderators.moderator(chat, caller.userId()), userId);
        chats.existingUser(userId);
        if (store.ban(chatId, userId, until, caller.userId(), clock.instant())) chats.announceRemoval(chat, userId);
        return new Restriction(chatId, userId, until);
    }

    /** {@code DELETE …/ban}: lets the user be added again; answers alike whether there was a ban. */
    public void unban(Principal caller, long chatId, long userId) {
        Moderators.moderator(chats.memberOf(caller, chatId), caller.userId());
        store.unban(chatId, userId);
    }

    /** {@code PUT /chats/{id}/slow_mode}: 0 turns it off. */
    public ChatView setSlowMode(Principal caller, long chatId, SlowMode request) {
        int seconds = Check.present(request.seconds(), "seconds");
        if (seconds < 0 || seconds > MAX_SLOW_MODE_SECONDS) {
            throw Problem.invalid("Field 'seconds' must be between 0 and " + MAX_SLOW_MODE_SECONDS + ".");
        }
        Moderators.moderator(chats.memberOf(caller, chatId), caller.userId());
        chatStore.setSlowMode(chatId, seconds);
        return chats.announceChange(chatId, caller.userId());
    }

    private static void requireMember(Chat chat, long userId) {
        if (!chat.hasMember(userId)) throw Problem.notFound("Member");
    }

    private Instant until(Requests.Restrict request) {
        return Check.endOrNull(request.until(), clock.instant());
    }
}
