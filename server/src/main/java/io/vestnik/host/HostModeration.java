package io.vestnik.host;

import io.vestnik.chat.ChatService;
import io.vestnik.chat.Requests;
import io.vestnik.protocol.Check;
import io.vestnik.protocol.Problem;
import io.vestnik.store.ModerationStore;
import java.time.Clock;
import java.time.Instant;

/**
 * Mutes and send blocks for the host application's servers, by external ids. A muted member (in
 * one chat) or blocked user (in every chat) is refused every send — WebSocket, HTTP, or the
 * server API in their name — with 403 {@code muted} / {@code blocked} and when it ends; their
 * reading is untouched. Enforced by the append itself ({@link ModerationStore}), so on every node
 * from the moment these return. Blocking (storage): call off the event loop.
 */
public final class HostModeration {
    private final ModerationStore store;
    private final ChatService chats;
    private final HostUsers users;
    private final Clock clock;

    public HostModeration(ModerationStore store, ChatService chats, HostUsers users, Clock clock) {
        this.store = store;
        this.chats = chats;
        this.users = users;
        this.clock = clock;
    }

    public record Mute(long chatId, long userId, String externalId, Instant until) {}

    public record Block(long userId, String externalId, Instant until) {}

    /**
     * {@code PUT /api/v1/server/chats/{chat_id}/members/{external_id}/mute}: replaces any mute the
     * member had in the chat.
     *
     * @throws Problem not_found for an unknown chat or user or one who is not a member; invalid_request for an end in the past
     */
    public Mute mute(long chatId, String externalId, Requests.Restrict request) {
        Instant until = until(request);
        long userId = users.idOf(externalId);
        chats.forHost(chatId);
        if (!store.mute(chatId, userId, until, clock.instant())) throw Problem.notFound("Member '" + externalId + "'");
        return new Mute(chatId, userId, externalId, until);
    }

    /** {@code DELETE …/mute}: lifts the member's mute; answers alike whether there was one. */
    public void unmute(long chatId, String externalId) {
        long userId = users.idOf(externalId);
        chats.forHost(chatId);
        store.unmute(chatId, userId, clock.instant());
    }

    /**
     * {@code DELETE /api/v1/server/chats/{chat_id}/members/{external_id}/ban}: lifts a ban a group's
     * moderators set, so the user may be added again; answers alike whether there was one.
     */
    public void unban(long chatId, String externalId) {
        long userId = users.idOf(externalId);
        chats.forHost(chatId);
        store.unban(chatId, userId);
    }

    /** {@code PUT /api/v1/server/users/{external_id}/block}: replaces any block the user had. */
    public Block block(String externalId, Requests.Restrict request) {
        Instant until = until(request);
        long userId = users.idOf(externalId);
        store.block(userId, until, clock.instant());
        return new Block(userId, externalId, until);
    }

    /** {@code DELETE /api/v1/server/users/{external_id}/block}: lifts the user's block; answers alike whether there was one. */
    public void unblock(String externalId) {
        store.unblock(users.idOf(externalId));
    }

    private Instant until(Requests.Restrict request) {
        return Check.endOrNull(request.until(), clock.instant());
    }
}
