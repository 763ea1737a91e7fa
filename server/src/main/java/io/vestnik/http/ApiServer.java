package io.vestnik.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vestnik.auth.AccountService;
import io.vestnik.auth.ServiceKeys;
import io.vestnik.auth.Tickets;
import io.vestnik.chat.Attachments;
import io.vestnik.chat.Changes;
import io.vestnik.chat.ChatService;
import io.vestnik.chat.GroupModeration;
import io.vestnik.chat.MessageReports;
import io.vestnik.chat.MessageSearch;
import io.vestnik.chat.MessageService;
import io.vestnik.chat.PinService;
import io.vestnik.chat.Reactions;
import io.vestnik.chat.Threads;
import io.vestnik.chat.Typing;
import io.vestnik.host.HostChats;
import io.vestnik.host.HostMessages;
import io.vestnik.host.HostModeration;
import io.vestnik.host.HostReports;
import io.vestnik.host.HostStreams;
import io.vestnik.host.HostUsers;
import io.vestnik.notification.Notifications;
import io.vestnik.presence.PresenceService;
import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Problem;
import io.vestnik.transport.Offload;
import io.vestnik.transport.QueryString;
import io.vestnik.webhook.Webhooks;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The REST API's router: every route of the contract, JSON bodies up to 64 KB, errors in one shape. */
public final class ApiServer {
    /** JSON request bodies; files go through the attachment route's own limit. */
    static final long MAX_JSON_BODY = 64 * 1024;

    public record Routes(AccountService accounts, Tickets tickets, PresenceService presence, ChatService chats,
                         PinService pins, MessageService messages, Reactions reactions, Changes changes, Threads threads, MessageSearch search,
                         Attachments attachments, Typing typing, UploadBudget uploadBudget, GroupModeration moderation,
                         MessageReports reports,
                         java.nio.file.Path uploadStaging, io.vestnik.chat.ChatManagement management,
                         io.vestnik.chat.UserBlocks blocks, io.vestnik.chat.UserSearch users) {}

    public record Operations(BooleanSupplier ready, io.vestnik.metrics.Metrics metrics, Supplier<Map<String, Object>> stats,
                             String adminToken, ServiceKeys keys, InFlightRequests inFlight) {}

    /** The server API's work: the host application's users, chats, messages and notifications, and its webhooks. */
    public record Host(HostUsers users, HostChats chats, HostMessages messages, Notifications notifications,
                       Webhooks webhooks, HostStreams streams, HostModeration moderation, HostReports reports) {}


    /** The event streams' routes: {@code GET /api/v1/events} (SSE) and {@code /api/v1/events/poll}. */
    public record EventRoutes(Handler<RoutingContext> stream, Handler<RoutingContext> poll) {}

    private ApiServer() {}

    public static Router router(io.vertx.core.Vertx vertx, Api api, Offload offload, Routes routes, Host host,
                                Operations operations, EventRoutes events, List<String> allowedOrigins) {
        Router router = base(vertx, api, operations);
        if (!allowedOrigins.isEmpty()) router.route("/api/*").handler(cors(allowedOrigins));
        AttachmentRoutes.mount(router, api, offload, routes.attachments(), routes.uploadBudget(), routes.uploadStaging(), host.users());
        router.route("/api/*").handler(ApiServer::jsonOnly);
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_JSON_BODY));
        router.route("/api/*").handler(RequestIds::resume);
        AccountRoutes.mount(router, api, routes.accounts(), routes.tickets(), routes.presence());
        ChatRoutes.mount(router, api, routes.chats(), routes.pins(), routes.typing());
        ChatRoutes.mountManagement(router, api, routes.management());
        PeopleRoutes.mount(router, api, routes.blocks(), routes.users());
        MessageRoutes.mount(router, api, routes.messages());
        MessageRoutes.mountChanges(router, api, routes.changes());
        ReactionRoutes.mount(router, api, routes.reactions());
        ThreadRoutes.mount(router, api, routes.threads());
        ModerationRoutes.mount(router, api, routes.moderation(), routes.reports());
        MessageRoutes.mountSearch(router, api, routes.search());
        router.get("/api/v1/events").handler(events.stream());
        router.get("/api/v1/events/poll").handler(events.poll());
        ServerRoutes.mount(router, api, host.users(), host.chats(), host.messages(), host.notifications());
        StreamRoutes.mount(router, api, host.streams());
        ServerRoutes.mountModeration(router, api, host.moderation(), host.reports());
        NotificationRoutes.mount(router, api, host.notifications());
        OperationsRoutes.mount(router, api, operations.ready(), operations.metrics()::scrape);
        AdminRoutes.mount(router, api, operations.adminToken(), operations.stats(), operations.keys());
        WebhookRoutes.mount(router, api, operations.adminToken(), host.webhooks());
        WebClientRoutes.mount(router, allowedOrigins);
        OpenApiRoutes.mount(router);
        return withErrors(router);
    }

    /** A node that serves no clients (VESTNIK_ROLE=worker): health and metrics only. */
    public static Router operationsRouter(io.vertx.core.Vertx vertx, Api api, Operations operations) {
        Router router = base(vertx, api, operations);
        OperationsRoutes.mount(router, api, operations.ready(), operations.metrics()::scrape);
        return withErrors(router);
    }

    /**
     * The router's first step: decodes the query before any route reads it, so a malformed one is
     * answered here and no route can forget to. It runs before any body handler, so a body is never
     * read for a request that is refused anyway.
     */
    private static void checkQuery(RoutingContext ctx) {
        try {
            ctx.request().params();
        } catch (IllegalArgumentException malformed) {
            Api.fail(ctx, QueryString.malformed());
            return;
        }
        ctx.next();
    }

    /** What every request goes through first: its id, its meter, the drain's count, the query check. */
    private static Router base(io.vertx.core.Vertx vertx, Api api, Operations operations) {
        Router router = Router.router(vertx);
        router.route().handler(new RequestIds(api.clientAddress()));
        router.route().handler(new RequestMeter(operations.metrics()));
        router.route().handler(operations.inFlight());
        router.route().handler(ApiServer::checkQuery);
        router.route().failureHandler(ApiServer::clientGone);
        return router;
    }

    private static Router withErrors(Router router) {
        router.errorHandler(404, ctx -> error(ctx, ErrorCode.NOT_FOUND, "No such endpoint."));
        router.errorHandler(405, ctx -> error(ctx, ErrorCode.METHOD_NOT_ALLOWED, "This endpoint does not take " + ctx.request().method() + "."));
        router.errorHandler(413, ctx -> error(ctx, ErrorCode.PAYLOAD_TOO_LARGE, "The request body is too large."));
        router.errorHandler(400, ctx -> error(ctx, ErrorCode.INVALID_REQUEST, "The request is malformed."));
        router.errorHandler(417, ctx -> error(ctx, ErrorCode.EXPECTATION_FAILED, "Only \"Expect: 100-continue\" is understood."));
        router.errorHandler(500, ctx -> Api.fail(ctx, ctx.failure() == null ? new IllegalStateException("500") : ctx.failure()));
        return router;
    }

    /** Browsers on the allowed origins may call the API; same-origin pages need no CORS. */
    private static CorsHandler cors(List<String> allowedOrigins) {
        CorsHandler cors = CorsHandler.create()
                .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE))
                .allowedHeaders(Set.of("Authorization", "Content-Type", "Last-Event-ID"))
                .exposedHeaders(Set.of("Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", RequestIds.HEADER))
                .maxAgeSeconds(600);
        return allowedOrigins.contains("*") ? cors.addOrigin("*") : cors.addOrigins(allowedOrigins);
    }

    /**
     * Bodies past this point are JSON. A form or multipart Content-Type would make the BodyHandler
     * run Netty's form decoder, which no route needs and which fails with a 500 on a malformed
     * boundary; such a request is refused unread.
     */
    private static void jsonOnly(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        String lowered = type == null ? "" : type.strip().toLowerCase(Locale.ROOT);
        if (lowered.startsWith("multipart/") || lowered.startsWith("application/x-www-form-urlencoded")) {
            Api.refuseUnread(ctx, Problem.of(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Request bodies are JSON (application/json)."));
        } else {
            ctx.next();
        }
    }

    /**
     * A client that hung up or reset its connection in the middle of its body: Vert.x's BodyHandler
     * fails the request with the connection's exception and status 200, which no error handler is
     * for, so without this it would be logged as an unhandled exception of the server's. A
     * failure the connection caused is only logged ({@link Api#clientGone}).
     */
    private static void clientGone(RoutingContext ctx) {
        if (Api.clientGone(ctx.failure())) Api.fail(ctx, ctx.failure());
        else ctx.next();
    }

    private static void error(RoutingContext ctx, ErrorCode code, String message) {
        Api.error(ctx, Problem.of(code, message));
    }
}
