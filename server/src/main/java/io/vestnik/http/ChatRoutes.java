package io.vestnik.http;

import io.vertx.ext.web.Router;
import io.vestnik.chat.ChatManagement;
import io.vestnik.chat.ChatService;
import io.vestnik.chat.PinService;
import io.vestnik.chat.Requests;
import io.vestnik.chat.Typing;
import io.vestnik.protocol.Check;
import io.vestnik.ratelimit.Limit;
import java.util.Map;

/** Chats, members, read positions, typing, unread counters and pins; every change counts against the user's budget. */
final class ChatRoutes {
    private ChatRoutes() {}

    static void mount(Router router, Api api, ChatService chats, PinService pins, Typing typing) {
        router.post("/api/v1/chats").handler(api.authed(Limit.CHATS, 201, r -> {
            ChatService.Opened opened = chats.create(r.principal(), r.body(Requests.CreateChat.class));
            return new Api.Reply(opened.created() ? 201 : 200, Map.of("chat", opened.chat()));
        }));
        router.get("/api/v1/chats").handler(api.authed(200, r -> chats.list(r.principal(), archived(r.query("archived")),
                r.query("cursor"), Check.limit(r.query("limit"), 30, 100))));
        router.get("/api/v1/chats/:id").handler(api.authed(200,
                r -> Map.of("chat", chats.get(r.principal(), r.pathId("id")))));
        router.post("/api/v1/chats/:id/members").handler(api.authed(Limit.WRITES, 200, r -> Map.of("chat",
                chats.addMember(r.principal(), r.pathId("id"), r.body(Requests.AddMember.class).userId()))));
        router.delete("/api/v1/chats/:id/members/:user_id").handler(api.authed(Limit.WRITES, 204, r -> {
            chats.removeMember(r.principal(), r.pathId("id"), r.pathId("user_id"));
            return null;
        }));
        router.get("/api/v1/unread").handler(api.authed(200, r -> chats.unread(r.principal())));
        router.post("/api/v1/chats/:id/read").handler(api.authed(Limit.WRITES, 200, r -> Map.of("last_read_seq",
                chats.markRead(r.principal(), r.pathId("id"), r.body(Requests.Position.class).seq()))));
        router.post("/api/v1/chats/:id/typing").handler(api.authed(Limit.WRITES, 204, r -> {
            typing.update(r.principal(), r.pathId("id"), Check.present(r.body(Requests.TypingNotice.class).isTyping(), "is_typing"));
            return null;
        }));
        router.post("/api/v1/chats/:id/pins").handler(api.authed(Limit.WRITES, 201, r -> {
            boolean created = pins.pin(r.principal(), r.pathId("id"), r.body(Requests.Position.class).seq());
            return new Api.Reply(created ? 201 : 200, Map.of("pinned", true));
        }));
        router.delete("/api/v1/chats/:id/pins/:seq").handler(api.authed(Limit.WRITES, 204, r -> {
            pins.unpin(r.principal(), r.pathId("id"), r.pathId("seq"));
            return null;
        }));
        router.get("/api/v1/chats/:id/pins").handler(api.authed(200,
                r -> Map.of("messages", pins.list(r.principal(), r.pathId("id")))));
    }

    /** A group's profile, the caller's own state of a chat, and deleting (a group for all, a direct chat for me). */
    static void mountManagement(Router router, Api api, ChatManagement management) {
        router.patch("/api/v1/chats/:id").handler(api.authed(Limit.WRITES, 200, r -> Map.of("chat",
                management.updateProfile(r.principal(), r.pathId("id"), r.body(Requests.ChatProfile.class)))));
        router.patch("/api/v1/chats/:id/state").handler(api.authed(Limit.WRITES, 200, r -> Map.of("chat",
                management.updateState(r.principal(), r.pathId("id"), r.body(Requests.ChatState.class)))));
        router.delete("/api/v1/chats/:id").handler(api.authed(Limit.WRITES, 204, r -> {
            management.delete(r.principal(), r.pathId("id"));
            return null;
        }));
    }

    private static Boolean archived(String raw) {
        if (raw == null) return null;
        if (raw.equals("true") || raw.equals("false")) return Boolean.valueOf(raw);
        throw io.vestnik.protocol.Problem.invalid("Parameter 'archived' must be true or false.");
    }
}
