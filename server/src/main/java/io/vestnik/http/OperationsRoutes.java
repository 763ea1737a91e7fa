package io.vestnik.http;

import io.vertx.ext.web.Router;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Health and metrics. */
final class OperationsRoutes {
    private OperationsRoutes() {}

    static void mount(Router router, Api api, BooleanSupplier ready, Supplier<String> metrics) {
        router.get("/health/live").handler(ctx -> Api.reply(ctx, 200, Map.of("status", "live")));
        router.get("/health/ready").handler(api.open(200, r -> ready.getAsBoolean()
                ? Map.of("status", "ready")
                : new Api.Reply(503, Map.of("status", "not_ready"))));
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(metrics.get()));
    }
}
