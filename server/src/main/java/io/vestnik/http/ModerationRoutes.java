package io.vestnik.http;

import io.vertx.ext.web.Router;
import io.vestnik.chat.GroupModeration;
import io.vestnik.chat.MessageReports;
import io.vestnik.chat.Requests;
import io.vestnik.ratelimit.Limit;
import io.vestnik.store.ReportStore;
import java.util.Map;

/**
 * A group's moderation by its owner and admins (roles, mutes, bans, slow mode; each PUT idempotent,
 * each DELETE answering alike whether there was something to lift), and members' reports of
 * messages, which have a budget of their own.
 */
final class ModerationRoutes {
    private static final String MEMBER = "/api/v1/chats/:id/members/:user_id";

    private ModerationRoutes() {}

    static void mount(Router router, Api api, GroupModeration moderation, MessageReports reports) {
        router.put(MEMBER + "/role").handler(api.authed(Limit.WRITES, 200, r -> Map.of("chat", moderation.setRole(
                r.principal(), r.pathId("id"), r.pathId("user_id"), r.body(GroupModeration.SetRole.class)))));
        router.put(MEMBER + "/mute").handler(api.authed(Limit.WRITES, 200, r -> Map.of("mute", moderation.mute(
                r.principal(), r.pathId("id"), r.pathId("user_id"), r.body(Requests.Restrict.class)))));
        router.delete(MEMBER + "/mute").handler(api.authed(Limit.WRITES, 204, r -> {
            moderation.unmute(r.principal(), r.pathId("id"), r.pathId("user_id"));
            return null;
        }));
        router.put(MEMBER + "/ban").handler(api.authed(Limit.WRITES, 200, r -> Map.of("ban", moderation.ban(
                r.principal(), r.pathId("id"), r.pathId("user_id"), r.body(Requests.Restrict.class)))));
        router.delete(MEMBER + "/ban").handler(api.authed(Limit.WRITES, 204, r -> {
            moderation.unban(r.principal(), r.pathId("id"), r.pathId("user_id"));
            return null;
        }));
        router.put("/api/v1/chats/:id/slow_mode").handler(api.authed(Limit.WRITES, 200, r -> Map.of("chat",
                moderation.setSlowMode(r.principal(), r.pathId("id"), r.body(GroupModeration.SlowMode.class)))));
        router.post("/api/v1/chats/:id/messages/:seq/reports").handler(api.authed(Limit.REPORTS, 201, r -> {
            ReportStore.Filed filed = reports.file(r.principal(), r.pathId("id"), r.pathId("seq"),
                    r.body(MessageReports.FileReport.class));
            return new Api.Reply(filed.created() ? 201 : 200, Map.of("report", filed.report()));
        }));
    }
}
