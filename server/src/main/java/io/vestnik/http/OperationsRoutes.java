package io.vestnik.http;

import io.vertx.ext.web.Router;
import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Problem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Health, metrics and the admin statistics. */
final class OperationsRoutes {
    private OperationsRoutes() {}

    static void mount(Router router, Api api, BooleanSupplier ready, Supplier<String> metrics,
                      Supplier<Map<String, Object>> stats, String adminToken) {
        router.get("/health/live").handler(ctx -> Api.reply(ctx, 200, Map.of("status", "live")));
        router.get("/health/ready").handler(api.open(200, r -> ready.getAsBoolean()
                ? Map.of("status", "ready")
                : new Api.Reply(503, Map.of("status", "not_ready"))));
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(metrics.get()));
        router.get("/api/v1/admin/stats").handler(api.open(200, r -> {
            requireAdmin(adminToken, r.header("Authorization"));
            return stats.get();
        }));
    }

    /** The operator's token, compared in constant time; without one configured the endpoint is closed. */
    private static void requireAdmin(String adminToken, String authorization) {
        if (adminToken == null) throw Problem.of(ErrorCode.FORBIDDEN, "Set VESTNIK_ADMIN_TOKEN to use the admin API.");
        String presented = authorization == null ? "" : authorization.replaceFirst("(?i)^Bearer ", "");
        if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), adminToken.getBytes(StandardCharsets.UTF_8))) {
            throw Problem.of(ErrorCode.FORBIDDEN, "The admin API needs the admin token.");
        }
    }
}
