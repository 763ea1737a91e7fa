package io.vestnik.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vestnik.chat.Attachments;
import io.vestnik.domain.Attachment;
import io.vestnik.domain.Scope;
import io.vestnik.host.HostUsers;
import io.vestnik.protocol.Check;
import io.vestnik.ratelimit.Limit;
import io.vestnik.transport.Offload;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Uploads, descriptions, content and thumbnails. Content is served only through a signed, expiring
 * URL, as a download with sniffing off, so an uploaded page can never run in the server's origin;
 * it streams from the blob store, whole or one {@code Range} (206), with the file's SHA-256 as
 * its ETag ({@code If-None-Match}: 304).
 */
final class AttachmentRoutes {
    private AttachmentRoutes() {}

    /** Uploads read their own bodies, so mount these before any body handler. */
    static void mount(Router router, Api api, Offload offload, Attachments attachments, UploadBudget budget, Path staging,
                      HostUsers hostUsers) {
        router.post("/api/v1/attachments").handler(
                new Uploads(api, ctx -> api.caller(ctx, Limit.UPLOADS), offload, attachments, budget, staging)::handle);
        // The server API's upload (scope messages): a file for one of the host's users to send, e.g. a bot's.
        router.post("/api/v1/server/attachments").handler(new Uploads(api, ctx -> api.serverCaller(ctx, Scope.MESSAGES,
                r -> hostUsers.idOf(Check.present(r.query("uploader_external_id"), "uploader_external_id"))), offload, attachments,
                budget, staging)::handle);
        router.get("/api/v1/attachments/:id").handler(api.authed(200,
                r -> attachments.describe(r.principal(), r.pathId("id"))));
        router.get("/api/v1/attachments/:id/content").handler(ctx -> content(ctx, api, offload, attachments));
        router.get("/api/v1/attachments/:id/thumbnail").handler(ctx -> {
            Request r = new Request(ctx, null, api.ip(ctx));
            offload.call(ctx.vertx().getOrCreateContext(),
                    () -> attachments.thumbnail(r.pathId("id"), r.query("expires"), r.query("signature")))
                    .onSuccess(png -> privately(ctx.response()).putHeader("Content-Type", "image/png").end(Buffer.buffer(png)))
                    .onFailure(failure -> Api.fail(ctx, failure));
        });
    }

    private static void content(RoutingContext ctx, Api api, Offload offload, Attachments attachments) {
        Request r = new Request(ctx, null, api.ip(ctx));
        offload.call(ctx.vertx().getOrCreateContext(), () -> attachments.open(r.pathId("id"), r.query("expires"), r.query("signature")))
                .onSuccess(opened -> {
                    try {
                        serve(ctx, offload, attachments, opened);
                    } catch (RuntimeException refused) {
                        Api.fail(ctx, refused);
                    }
                })
                .onFailure(failure -> Api.fail(ctx, failure));
    }

    private static void serve(RoutingContext ctx, Offload offload, Attachments attachments, Attachments.Opened opened) {
        Attachment file = opened.attachment();
        HttpServerResponse response = privately(ctx.response())
                .putHeader("Content-Type", file.contentType())
                .putHeader("Content-Disposition", "attachment; filename*=UTF-8''"
                        + URLEncoder.encode(file.name(), StandardCharsets.UTF_8).replace("+", "%20"))
                .putHeader("Accept-Ranges", "bytes");
        String etag = file.sha256() == null ? null : "\"" + file.sha256() + "\"";
        if (etag != null) response.putHeader("ETag", etag);
        if (etag != null && matches(ctx.request().getHeader("If-None-Match"), etag)) {
            response.setStatusCode(304).end();
            return;
        }
        if (file.size() == 0) {
            response.end();
            return;
        }
        Optional<ByteRange> range = rangeOf(ctx, file);
        ByteRange sent = range.orElse(new ByteRange(0, file.size()));
        if (range.isPresent()) response.setStatusCode(206).putHeader("Content-Range", sent.contentRange(file.size()));
        response.putHeader("Content-Length", Long.toString(sent.length()));
        StreamedBody.send(ctx.vertx().getOrCreateContext(), offload, response,
                () -> attachments.read(opened, sent.start(), sent.length()))
                .onFailure(failure -> {
                    if (response.headWritten()) response.reset(); // the client sees a cut transfer, never a short file
                    else Api.fail(ctx, failure);
                });
    }

    private static Optional<ByteRange> rangeOf(RoutingContext ctx, Attachment file) {
        try {
            return ByteRange.of(ctx.request().getHeader("Range"), file.size());
        } catch (RuntimeException unsatisfiable) {
            ctx.response().putHeader("Content-Range", "bytes */" + file.size());
            throw unsatisfiable;
        }
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) return false;
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) return true;
        }
        return false;
    }

    private static HttpServerResponse privately(HttpServerResponse response) {
        return response.putHeader("X-Content-Type-Options", "nosniff").putHeader("Cache-Control", "private, max-age=300");
    }
}
