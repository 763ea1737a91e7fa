package io.vestnik.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vestnik.auth.Principal;
import io.vestnik.chat.Attachments;
import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Problem;
import io.vestnik.transport.Failures;
import io.vestnik.transport.Offload;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * {@code POST /api/v1/attachments}, which trusts nothing about a body before it reads it: the
 * request stays paused while the caller is authenticated and counted, a declared length over
 * the limit is refused (413) unread, and the body's bytes are reserved in the node's
 * {@link UploadBudget} before a byte is read (503 and {@code Retry-After} when it is spent).
 * Every refusal closes the connection instead of draining the body. The body streams into a file
 * in the staging directory ({@link UploadStaging}), which is deleted once the upload is stored.
 */
final class Uploads {
    /** Uploads in flight finish within the body timeout; a retry a few seconds later usually fits. */
    private static final long BUDGET_RETRY_SECONDS = 5;

    private final Api api;
    private final Function<RoutingContext, Future<Principal>> uploader;
    private final Offload offload;
    private final Attachments attachments;
    private final UploadBudget budget;
    private final Path staging;

    /**
     * @param uploader who uploads: authenticates and counts the request, off the event loop (a user,
     *                 or a service key acting for one of the host's users)
     */
    Uploads(Api api, Function<RoutingContext, Future<Principal>> uploader, Offload offload, Attachments attachments,
            UploadBudget budget, Path staging) {
        this.api = api;
        this.uploader = uploader;
        this.offload = offload;
        this.attachments = attachments;
        this.budget = budget;
        this.staging = staging;
    }

    void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request().pause();
        long declared = declaredLength(request);
        if (declared > attachments.maxBytes()) {
            Api.refuseUnread(ctx, tooLarge());
            return;
        }
        uploader.apply(ctx)
                .onSuccess(caller -> readAndStore(ctx, caller, declared))
                .onFailure(failure -> Api.refuseUnread(ctx, Failures.problemOf(failure, "upload refused")));
    }

    private void readAndStore(RoutingContext ctx, Principal caller, long declared) {
        long reserved = declared >= 0 ? declared : attachments.maxBytes();
        if (!budget.tryReserve(reserved)) {
            Api.refuseUnread(ctx, Problem.unavailable("Too many uploads in progress; try again shortly.", BUDGET_RETRY_SECONDS));
            return;
        }
        // A client that waits for leave to send (curl does, for large files) gets it only now.
        if ("100-continue".equalsIgnoreCase(ctx.request().getHeader(HttpHeaders.EXPECT))) ctx.response().writeContinue();
        Request r = new Request(ctx, caller, api.ip(ctx));
        UploadStaging.stage(ctx.vertx(), ctx.request(), staging, attachments.maxBytes())
                .compose(staged -> offload.call(ctx.vertx().getOrCreateContext(),
                                () -> attachments.upload(caller, r.query("name"), r.header("Content-Type"), staged))
                        .onComplete(done -> ctx.vertx().fileSystem().delete(staged.file().toString())))
                .onComplete(done -> budget.release(reserved))
                .onSuccess(attachment -> Api.reply(ctx, 201, attachment))
                .onFailure(failure -> failed(ctx, failure));
    }

    private static void failed(RoutingContext ctx, Throwable failure) {
        if (Api.clientGone(failure) || ctx.request().isEnded()) {
            Api.fail(ctx, failure);
        } else {
            Api.refuseUnread(ctx, Failures.problemOf(failure, "upload failed"));
        }
    }

    /** The Content-Length, or -1 when the body comes chunked. */
    private static long declaredLength(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (header == null) return -1;
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1; // the HTTP decoder has refused such a request already
        }
    }

    private Problem tooLarge() {
        return Problem.of(ErrorCode.PAYLOAD_TOO_LARGE, "A file may be at most " + attachments.maxBytes() + " bytes.");
    }
}
