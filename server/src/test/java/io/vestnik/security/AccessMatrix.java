package io.vestnik.security;

import static io.vestnik.security.Expect.admin;
import static io.vestnik.security.Expect.anyone;
import static io.vestnik.security.Expect.frameOfAnyone;
import static io.vestnik.security.Expect.frameOfMembers;
import static io.vestnik.security.Expect.members;
import static io.vestnik.security.Expect.owner;
import static io.vestnik.security.Expect.server;
import static io.vestnik.security.Expect.serverWebhooks;
import static io.vestnik.security.Expect.signedIn;
import static io.vestnik.security.Operation.frame;
import static io.vestnik.security.Operation.http;

import io.vestnik.security.Operation.Transport;
import java.util.List;

/**
 * Who may do what: every HTTP route and every WebSocket, SSE and long-poll operation, with the
 * outcome each {@link Caller} gets (docs/api.md, docs/protocol.md). Outsiders to a chat get 404,
 * never 403: a chat's existence is not revealed. A route the node registers without a row here
 * fails {@link AuthorizationMatrixTest}.
 */
final class AccessMatrix {
    private AccessMatrix() {}

    static final String GROUP = "/api/v1/chats/{group}";
    static final String SERVER_GROUP = "/api/v1/server/chats/{group}";

    static final List<Operation> OPERATIONS = List.of(
            // Accounts and sessions. Public routes ignore whatever Authorization comes along.
            http("POST /api/v1/auth/register", "/api/v1/auth/register",
                    "{\"username\":\"{fresh_name}\",\"password\":\"correct horse 1\"}", anyone(201)),
            http("POST /api/v1/auth/login", "/api/v1/auth/login",
                    "{\"username\":\"{owner_name}\",\"password\":\"correct horse 1\"}", anyone(200)),
            http("POST /api/v1/auth/refresh", "/api/v1/auth/refresh", "{\"refresh_token\":\"{fresh_refresh}\"}", anyone(200)),
            // A host token has no Vestnik session to end: 400, not a 204 that would claim it is signed out.
            http("POST /api/v1/auth/logout", "/api/v1/auth/logout", signedIn(204).with(Caller.HOST_TOKEN_USER, 400)).spendingSession(),
            http("GET /api/v1/sessions", "/api/v1/sessions", signedIn(200)),
            http("DELETE /api/v1/sessions/:id", "/api/v1/sessions/{spare_session}",
                    signedIn(404).with(Caller.GROUP_OWNER, 204)),
            http("GET /api/v1/users/me", "/api/v1/users/me", signedIn(200)),
            http("GET /api/v1/users/:id", "/api/v1/users/{owner}", signedIn(200)),
            http("POST /api/v1/ws-ticket", "/api/v1/ws-ticket", signedIn(200)),
            http("GET /api/v1/presence", "/api/v1/presence?user_ids={owner}", signedIn(200)),
            // Chats and members.
            http("POST /api/v1/chats", "/api/v1/chats",
                    "{\"kind\":\"group\",\"title\":\"Mine\",\"member_ids\":[{fresh_user}]}", signedIn(201)),
            http("GET /api/v1/chats", "/api/v1/chats", signedIn(200)),
            http("GET /api/v1/chats/:id", GROUP, members(200)),
            http("POST /api/v1/chats/:id/members", GROUP + "/members", "{\"user_id\":{fresh_user}}", members(200)),
            http("DELETE /api/v1/chats/:id/members/:user_id", GROUP + "/members/{fresh_member}", owner(204, 403)),
            http("GET /api/v1/unread", "/api/v1/unread", signedIn(200)),
            http("POST /api/v1/chats/:id/read", GROUP + "/read", "{\"seq\":1}", members(200)),
            http("POST /api/v1/chats/:id/typing", GROUP + "/typing", "{\"is_typing\":true}", members(204)),
            // Pins.
            http("POST /api/v1/chats/:id/pins", GROUP + "/pins", "{\"seq\":{fresh_seq}}", members(201)),
            http("DELETE /api/v1/chats/:id/pins/:seq", GROUP + "/pins/{pinned_seq}", members(204)),
            http("GET /api/v1/chats/:id/pins", GROUP + "/pins", members(200)),
            // Messages.
            http("POST /api/v1/chats/:id/messages", GROUP + "/messages",
                    "{\"client_id\":\"{unique}\",\"body\":\"hello\"}", members(201)),
            http("GET /api/v1/chats/:id/messages", GROUP + "/messages?after_seq=0", members(200)),
            http("PATCH /api/v1/chats/:id/messages/:seq", GROUP + "/messages/{seq}", "{\"body\":\"edited\"}", owner(200, 403)),
            http("DELETE /api/v1/chats/:id/messages/:seq", GROUP + "/messages/{fresh_seq}", owner(204, 403)),
            // Reactions: any member, on any live message; a repeat is a no-op with the same answer.
            http("PUT /api/v1/chats/:id/messages/:seq/reactions/:emoji", GROUP + "/messages/{seq}/reactions/%F0%9F%91%8D",
                    members(200)),
            http("DELETE /api/v1/chats/:id/messages/:seq/reactions/:emoji", GROUP + "/messages/{seq}/reactions/%F0%9F%91%8D",
                    members(200)),
            // Group moderation (docs/api.md, who may do what): the owner here; a plain member is refused (403).
            // Slow mode is set to 0, so no other row's sender is ever slowed.
            http("PUT /api/v1/chats/:id/members/:user_id/role", GROUP + "/members/{fresh_member}/role", "{\"role\":\"admin\"}",
                    owner(200, 403)),
            http("PUT /api/v1/chats/:id/members/:user_id/mute", GROUP + "/members/{fresh_member}/mute", "{}", owner(200, 403)),
            http("DELETE /api/v1/chats/:id/members/:user_id/mute", GROUP + "/members/{fresh_member}/mute", owner(204, 403)),
            http("PUT /api/v1/chats/:id/members/:user_id/ban", GROUP + "/members/{fresh_member}/ban", "{}", owner(200, 403)),
            http("DELETE /api/v1/chats/:id/members/:user_id/ban", GROUP + "/members/{fresh_user}/ban", owner(204, 403)),
            http("PUT /api/v1/chats/:id/slow_mode", GROUP + "/slow_mode", "{\"seconds\":0}", owner(200, 403)),
            // Reports: any member, of someone else's message (the owner sent them all: 400 for the owner).
            http("POST /api/v1/chats/:id/messages/:seq/reports", GROUP + "/messages/{fresh_seq}/reports", "{\"reason\":\"spam\"}",
                    members(201).with(Caller.GROUP_OWNER, 400)),
            http("GET /api/v1/search/messages", "/api/v1/search/messages?q=hello&chat_id={group}", members(200)),
            // Attachments: the signed URL is the permission, whoever presents it.
            http("POST /api/v1/attachments", "/api/v1/attachments?name=notes.txt", "{\"a\":1}", signedIn(201)),
            http("GET /api/v1/attachments/:id", "/api/v1/attachments/{attachment}", members(200)),
            http("GET /api/v1/attachments/:id/content", "{content_url}", anyone(200)),
            http("GET /api/v1/attachments/:id/content", "{content_url}0", anyone(403)),
            http("GET /api/v1/attachments/:id/content", "/api/v1/attachments/{attachment}/content", anyone(403)),
            // Operations.
            http("GET /health/live", "/health/live", anyone(200)),
            http("GET /health/ready", "/health/ready", anyone(200)),
            http("GET /metrics", "/metrics", anyone(200)),
            // The API's description and its reference page, public like the page of the web client.
            http("GET /api/v1/openapi.json", "/api/v1/openapi.json", anyone(200)),
            http("GET /api/docs", "/api/docs", anyone(200)),
            http("GET /api/docs/:file", "/api/docs/init.js", anyone(200)),
            // The web client's page and static files (no Authorization: the page signs in through the API).
            http("GET /", "/", anyone(200)),
            http("GET /web/", "/web/app.css", anyone(200)),
            http("GET /api/v1/admin/stats", "/api/v1/admin/stats", admin(200, 403)),
            http("POST /api/v1/admin/keys", "/api/v1/admin/keys", "{\"name\":\"k\",\"scopes\":[\"users\"]}", admin(201, 403)),
            http("GET /api/v1/admin/keys", "/api/v1/admin/keys", admin(200, 403)),
            http("DELETE /api/v1/admin/keys/:id", "/api/v1/admin/keys/{fresh_key}", admin(204, 403)),
            // The server API: service keys only, each route needing its scope.
            http("PUT /api/v1/server/users/:external_id", "/api/v1/server/users/{unique}", "{\"display_name\":\"Put\"}", server(201)),
            http("GET /api/v1/server/users/:external_id", "/api/v1/server/users/{host_user}", server(200)),
            http("POST /api/v1/server/chats", "/api/v1/server/chats",
                    "{\"kind\":\"group\",\"title\":\"Hosted\",\"member_external_ids\":[\"{host_user}\"]}", server(201)),
            http("GET /api/v1/server/chats/:chat_id", SERVER_GROUP, server(200)),
            http("POST /api/v1/server/attachments", "/api/v1/server/attachments?name=a.txt&uploader_external_id={host_user}", "file",
                    server(201)),
            http("POST /api/v1/server/chats/:chat_id/members", SERVER_GROUP + "/members", "{\"external_id\":\"{fresh_external}\"}",
                    server(200)),
            http("DELETE /api/v1/server/chats/:chat_id/members/:external_id", SERVER_GROUP + "/members/{fresh_external_member}",
                    server(204)),
            http("POST /api/v1/server/chats/:chat_id/messages", SERVER_GROUP + "/messages",
                    "{\"sender_external_id\":\"{host_user}\",\"client_id\":\"{unique}\",\"body\":\"hi\"}", server(201)),
            http("DELETE /api/v1/server/chats/:chat_id/messages/:seq", SERVER_GROUP + "/messages/{fresh_seq}", server(204)),
            // Streamed replies (decision 0015): the host's key grows any streaming message; over WebSocket only its sender.
            http("POST /api/v1/server/chats/:chat_id/typing", SERVER_GROUP + "/typing",
                    "{\"sender_external_id\":\"{host_user}\",\"is_typing\":true}", server(204)),
            http("POST /api/v1/server/chats/:chat_id/messages/:seq/deltas", SERVER_GROUP + "/messages/{fresh_stream}/deltas",
                    "{\"offset\":0,\"text\":\"hi\"}", server(204)),
            http("POST /api/v1/server/chats/:chat_id/messages/:seq/finish", SERVER_GROUP + "/messages/{fresh_stream}/finish", "{}",
                    server(200)),
            // Moderation: fresh people, so that no other row's sender is ever muted or blocked.
            http("PUT /api/v1/server/chats/:chat_id/members/:external_id/mute", SERVER_GROUP + "/members/{fresh_external_member}/mute",
                    "{}", server(200)),
            http("DELETE /api/v1/server/chats/:chat_id/members/:external_id/mute",
                    SERVER_GROUP + "/members/{fresh_external_member}/mute", server(204)),
            http("DELETE /api/v1/server/chats/:chat_id/members/:external_id/ban",
                    SERVER_GROUP + "/members/{fresh_external}/ban", server(204)),
            http("GET /api/v1/server/reports", "/api/v1/server/reports", server(200)),
            http("POST /api/v1/server/reports/:report_id/resolve", "/api/v1/server/reports/999999999/resolve",
                    "{\"resolution\":\"dismissed\"}", server(404)),
            http("PUT /api/v1/server/users/:external_id/block", "/api/v1/server/users/{fresh_external}/block", "{}", server(200)),
            http("DELETE /api/v1/server/users/:external_id/block", "/api/v1/server/users/{fresh_external}/block", server(204)),
            // Notifications: sent by the host's servers, read by their user.
            http("POST /api/v1/server/notifications", "/api/v1/server/notifications",
                    "{\"external_id\":\"{host_user}\",\"kind\":\"k\",\"title\":\"t\",\"body\":\"b\"}", server(201)),
            http("GET /api/v1/notifications", "/api/v1/notifications", signedIn(200)),
            http("POST /api/v1/notifications/read", "/api/v1/notifications/read", "{\"up_to_seq\":0}", signedIn(200)),
            // Webhooks (issue #11): endpoints through the server API, the dead-letter list through the admin API.
            http("POST /api/v1/server/webhooks", "/api/v1/server/webhooks",
                    "{\"url\":\"https://192.0.2.1/hook\",\"events\":[\"message.unread\"]}", serverWebhooks(201)),
            http("GET /api/v1/server/webhooks", "/api/v1/server/webhooks", serverWebhooks(200)),
            http("GET /api/v1/server/webhooks/:id", "/api/v1/server/webhooks/{fresh_webhook}", serverWebhooks(200)),
            http("DELETE /api/v1/server/webhooks/:id", "/api/v1/server/webhooks/{fresh_webhook}", serverWebhooks(204)),
            http("GET /api/v1/admin/webhooks/dead-letters", "/api/v1/admin/webhooks/dead-letters", admin(200, 403)),
            http("POST /api/v1/admin/webhooks/dead-letters/:id/replay", "/api/v1/admin/webhooks/dead-letters/evt_0/replay", admin(404, 403)),
            // Event streams without a WebSocket.
            new Operation(Transport.SSE, "GET /api/v1/events", "/api/v1/events", null, false, signedIn(200)),
            http("GET /api/v1/events/poll", "/api/v1/events/poll?timeout=0", signedIn(200)),
            // The WebSocket: the upgrade, then each client frame on an open socket.
            new Operation(Transport.WS_UPGRADE, "WS upgrade", "/ws", null, false, signedIn(101)),
            frame("ping", "{\"type\":\"ping\"}", frameOfAnyone("ok")),
            frame("send", "{\"type\":\"send\",\"chat_id\":{group},\"client_id\":\"{unique}\",\"body\":\"hi\"}", frameOfMembers("ack")),
            frame("typing", "{\"type\":\"typing\",\"chat_id\":{group},\"is_typing\":true}", frameOfMembers("ok")),
            frame("mark_read", "{\"type\":\"mark_read\",\"chat_id\":{group},\"seq\":1}", frameOfMembers("ok")),
            frame("reaction", "{\"type\":\"reaction\",\"chat_id\":{group},\"seq\":{seq},\"emoji\":\"👍\",\"added\":true}",
                    frameOfMembers("ok")),
            frame("resume", "{\"type\":\"resume\",\"positions\":{\"{group}\":0}}", frameOfMembers("resumed")),
            frame("message_delta", "{\"type\":\"message_delta\",\"chat_id\":{group},\"seq\":{fresh_stream},\"offset\":0,\"text\":\"hi\"}",
                    frameOfMembers("error:not_found").with(Caller.HOST_TOKEN_USER, "ok")),
            frame("finish_message", "{\"type\":\"finish_message\",\"chat_id\":{group},\"seq\":{fresh_stream}}",
                    frameOfMembers("error:not_found").with(Caller.HOST_TOKEN_USER, "ok")));
}
