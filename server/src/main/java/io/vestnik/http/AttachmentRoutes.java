package io.vestnik.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vestnik.chat.Attachments;
import io.vestnik.chat.Check;
import io.vestnik.domain.Scope;
import io.vestnik.host.HostUsers;
import io.vestnik.node.Offload;
import io.vestnik.ratelimit.Limit;

/**
 * Uploads, descriptions and content. Content is served only through a signed, expiring URL, as a
 * download with sniffing off, so an uploaded page can never run in the server's origin.
 */
final class AttachmentRoutes {
    private AttachmentRoutes() {}

    /** Uploads read their own bodies, so mount these before any body handler. */
    static void mount(Router router, Api api, Offload offload, Attachments attachments, UploadBudget budget, HostUsers hostUsers) {
        router.post("/api/v1/attachments").handler(
                new Uploads(api, ctx -> api.caller(ctx, Limit.UPLOADS), offload, attachments, budget)::handle);
        // The server API's upload (scope messages): a file for one of the host's users to send, e.g. a bot's.
        router.post("/api/v1/server/attachments").handler(new Uploads(api, ctx -> api.serverCaller(ctx, Scope.MESSAGES,
                r -> hostUsers.idOf(Check.present(r.query("uploader_external_id"), "uploader_external_id"))), offload, attachments, budget)::handle);
        router.get("/api/v1/attachments/:id").handler(api.authed(200,
                r -> attachments.describe(r.principal(), r.pathId("id"))));
        router.get("/api/v1/attachments/:id/content").handler(ctx -> {
            Request r = new Request(ctx, null, api.ip(ctx));
            offload.call(ctx.vertx().getOrCreateContext(),
                    () -> attachments.open(r.pathId("id"), r.query("expires"), r.query("signature")))
                    .onSuccess(content -> ctx.response()
                            .putHeader("Content-Type", content.attachment().contentType())
                            .putHeader("X-Content-Type-Options", "nosniff")
                            .putHeader("Content-Disposition", "attachment; filename*=UTF-8''"
                                    + java.net.URLEncoder.encode(content.attachment().name(), java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"))
                            .putHeader("Cache-Control", "private, max-age=300")
                            .end(Buffer.buffer(content.bytes())))
                    .onFailure(failure -> Api.fail(ctx, failure));
        });
    }
}
