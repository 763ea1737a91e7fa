package io.vestnik.http;

import io.vertx.ext.web.Router;
import io.vestnik.chat.Requests;
import io.vestnik.domain.Scope;
import io.vestnik.host.HostChats;
import io.vestnik.host.HostMessages;
import io.vestnik.host.HostModeration;
import io.vestnik.host.HostReports;
import io.vestnik.host.HostUsers;
import io.vestnik.notification.Notifications;
import io.vestnik.protocol.Check;
import io.vestnik.store.MessageStore;
import io.vestnik.store.NotificationStore;
import java.util.Map;

/** The server API: the host application's servers, with a service key, act for its users. */
final class ServerRoutes {
    private static final String CHAT = "/api/v1/server/chats/:chat_id";

    private ServerRoutes() {}

    /** The host's servers, as such, have no user to count sends against: each key's one budget covers every call. */
    static void mount(Router router, Api api, HostUsers users, HostChats chats, HostMessages messages,
                      Notifications notifications) {
        router.put("/api/v1/server/users/:external_id").handler(api.server(Scope.USERS, 200, r -> {
            HostUsers.Put put = users.put(r.path("external_id"), r.body(HostUsers.PutUser.class));
            return new Api.Reply(put.created() ? 201 : 200, Map.of("user", put.user()));
        }));
        router.get("/api/v1/server/users/:external_id").handler(api.server(Scope.USERS, 200,
                r -> Map.of("user", users.get(r.path("external_id")))));
        router.post("/api/v1/server/chats").handler(api.server(Scope.CHATS, 201, r -> {
            HostChats.Opened opened = chats.create(r.body(HostChats.CreateChat.class));
            return new Api.Reply(opened.created() ? 201 : 200, Map.of("chat", opened.chat()));
        }));
        router.get(CHAT).handler(api.server(Scope.CHATS, 200, r -> Map.of("chat", chats.get(r.pathId("chat_id")))));
        router.post(CHAT + "/members").handler(api.server(Scope.CHATS, 200, r -> Map.of("chat",
                chats.addMember(r.pathId("chat_id"), r.body(HostChats.AddMember.class)))));
        router.delete(CHAT + "/members/:external_id").handler(api.server(Scope.CHATS, 204, r -> {
            chats.removeMember(r.pathId("chat_id"), r.path("external_id"));
            return null;
        }));
        router.post(CHAT + "/messages").handler(api.server(Scope.MESSAGES, 201, r -> {
            MessageStore.Appended appended = messages.send(r.pathId("chat_id"), r.body(HostMessages.SendMessage.class));
            return new Api.Reply(appended.created() ? 201 : 200, Map.of("message", appended.message()));
        }));
        router.delete(CHAT + "/messages/:seq").handler(api.server(Scope.MODERATION, 204, r -> {
            messages.delete(r.pathId("chat_id"), r.pathId("seq"));
            return null;
        }));
        router.post("/api/v1/server/notifications").handler(api.server(Scope.NOTIFICATIONS, 201, r -> {
            Notifications.Send send = r.body(Notifications.Send.class);
            NotificationStore.Added added = notifications.create(users.idOf(Check.present(send.externalId(), "external_id")), send);
            return new Api.Reply(added.created() ? 201 : 200, Map.of("notification", added.notification()));
        }));
    }

    /** Moderation beyond deleting messages (scope {@code moderation}): mutes per chat, send blocks, members' reports. */
    static void mountModeration(Router router, Api api, HostModeration moderation, HostReports reports) {
        router.get("/api/v1/server/reports").handler(api.server(Scope.MODERATION, 200,
                r -> reports.list(r.query("status"), r.query("cursor"), Check.limit(r.query("limit"), 50, 200))));
        router.post("/api/v1/server/reports/:report_id/resolve").handler(api.server(Scope.MODERATION, 200,
                r -> Map.of("report", reports.resolve(r.pathId("report_id"), r.body(HostReports.Resolve.class)))));
        String mute = CHAT + "/members/:external_id/mute";
        router.put(mute).handler(api.server(Scope.MODERATION, 200, r -> Map.of("mute",
                moderation.mute(r.pathId("chat_id"), r.path("external_id"), r.body(Requests.Restrict.class)))));
        router.delete(mute).handler(api.server(Scope.MODERATION, 204, r -> {
            moderation.unmute(r.pathId("chat_id"), r.path("external_id"));
            return null;
        }));
        router.delete(CHAT + "/members/:external_id/ban").handler(api.server(Scope.MODERATION, 204, r -> {
            moderation.unban(r.pathId("chat_id"), r.path("external_id"));
            return null;
        }));
        String block = "/api/v1/server/users/:external_id/block";
        router.put(block).handler(api.server(Scope.MODERATION, 200, r -> Map.of("block",
                moderation.block(r.path("external_id"), r.body(Requests.Restrict.class)))));
        router.delete(block).handler(api.server(Scope.MODERATION, 204, r -> {
            moderation.unblock(r.path("external_id"));
            return null;
        }));
    }
}
