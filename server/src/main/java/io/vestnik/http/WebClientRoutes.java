package io.vestnik.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.List;

/**
 * The web client: static files from the jar's {@code web/} folder (the SDK under {@code web/sdk/},
 * copied from clients/js at build time). {@code GET /} is its page, {@code GET /web/*} its modules,
 * styles and SDK. Every answer carries a Content-Security-Policy that lets the page load and
 * connect to this server only; files are revalidated on each load ({@code no-cache} with
 * {@code Last-Modified}), so an upgraded server never runs with a stale mix of modules.
 */
final class WebClientRoutes {
    private static final String ROOT = "web";

    private WebClientRoutes() {}

    /** {@code frameOrigins}: the host applications that may embed the page (VESTNIK_ALLOWED_ORIGINS). */
    static void mount(Router router, List<String> frameOrigins) {
        String policy = contentSecurityPolicy(frameOrigins);
        StaticHandler files = StaticHandler.create(ROOT).setIndexPage("index.html").setCachingEnabled(true)
                .setDirectoryListing(false).setIncludeHidden(false);
        router.get("/").handler(ctx -> secured(ctx, policy)).handler(files);
        router.get("/web/*").handler(ctx -> secured(ctx, policy)).handler(files);
    }

    /** Sets the page's security headers on whatever answer the next handler writes. */
    static void secured(RoutingContext ctx, String policy) {
        HttpServerResponse response = ctx.response();
        ctx.addHeadersEndHandler(v -> response.headers()
                .set(HttpHeaders.CACHE_CONTROL, "no-cache")
                .set("Content-Security-Policy", policy)
                .set("X-Content-Type-Options", "nosniff")
                .set("Referrer-Policy", "no-referrer"));
        ctx.next();
    }

    /** Same origin for everything; {@code frame-ancestors} also admits the allowed host origins. */
    static String contentSecurityPolicy(List<String> frameOrigins) {
        String ancestors = String.join(" ", frameOrigins);
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; "
                + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
                + (ancestors.isEmpty() ? "" : " " + ancestors);
    }
}
