package io.vestnik.http;

import io.vertx.ext.web.Router;
import io.vestnik.auth.ServiceKeys;
import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Problem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.function.Supplier;

/** The operator's API, behind {@code VESTNIK_ADMIN_TOKEN}: statistics and service keys. */
final class AdminRoutes {
    private AdminRoutes() {}

    static void mount(Router router, Api api, String adminToken, Supplier<Map<String, Object>> stats, ServiceKeys keys) {
        router.get("/api/v1/admin/stats").handler(api.open(200, admin(adminToken, r -> stats.get())));
        router.post("/api/v1/admin/keys").handler(api.open(201, admin(adminToken,
                r -> keys.create(r.body(ServiceKeys.NewKey.class)))));
        router.get("/api/v1/admin/keys").handler(api.open(200, admin(adminToken, r -> Map.of("keys", keys.list()))));
        router.delete("/api/v1/admin/keys/:id").handler(api.open(204, admin(adminToken, r -> {
            keys.revoke(r.pathId("id"));
            return null;
        })));
    }

    /** {@code call}, for the operator alone. */
    static Api.Call admin(String adminToken, Api.Call call) {
        return r -> {
            requireAdmin(adminToken, r.header("Authorization"));
            return call.handle(r);
        };
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
