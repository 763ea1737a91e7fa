package io.vestnik.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vestnik.config.Durations;
import io.vestnik.logging.RequestScope;
import io.vestnik.transport.ClientAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's first handler: gives every request an id, answers it in {@code X-Request-Id} (and
 * in error bodies, {@link Api#error}), and puts it in every log line written while handling the
 * request ({@link RequestScope}). A trusted proxy's id (VESTNIK_TRUSTED_PROXIES) is kept, so one
 * id follows the request from the load balancer's log to the node's; anyone else's is replaced,
 * as is one too long or with characters that do not belong in a log line or a header.
 */
public final class RequestIds implements Handler<RoutingContext> {
    public static final String HEADER = "X-Request-Id";
    private static final Logger log = LoggerFactory.getLogger(RequestIds.class);
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:+/=-]{1,128}");

    private final ClientAddress proxies;

    public RequestIds(ClientAddress proxies) {
        this.proxies = proxies;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String id = idOf(ctx.request());
        ctx.response().putHeader(HEADER, id);
        RequestScope.bind(ctx.vertx().getOrCreateContext(), id);
        long started = System.nanoTime();
        ctx.addEndHandler(ended -> RequestScope.run(id, () -> answered(ctx, started)));
        RequestScope.run(id, ctx::next);
    }

    /**
     * A handler to mount after one that calls {@code next()} later (the BodyHandler, once the body
     * is in): the rest of the chain runs with the request's id in the MDC again.
     */
    public static void resume(RoutingContext ctx) {
        RequestScope.run(RequestScope.of(ctx.vertx().getOrCreateContext()), ctx::next);
    }

    private String idOf(HttpServerRequest request) {
        String offered = request.getHeader(HEADER);
        var peer = request.remoteAddress();
        boolean trusted = peer != null && proxies.trusts(peer.hostAddress());
        return trusted && offered != null && SANE.matcher(offered).matches() ? offered : generated();
    }

    /** 128 random bits: unique enough to find one request among a deployment's logs. */
    private static String generated() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong());
    }

    /** At debug level, one line per request: what was asked, the status, how long it took. */
    private static void answered(RoutingContext ctx, long started) {
        if (!log.isDebugEnabled()) return;
        log.debug("{} {} answered {} in {}", ctx.request().method(), ctx.request().path(), ctx.response().getStatusCode(),
                Durations.format(Duration.ofNanos(System.nanoTime() - started)));
    }
}
