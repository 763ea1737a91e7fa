package io.vestnik.http;

import io.vertx.ext.web.Router;
import io.vestnik.domain.Scope;
import io.vestnik.webhook.Webhooks;
import java.util.Map;

/** Webhook endpoints (server API, scope {@code webhooks}) and the dead-letter list (admin API). */
final class WebhookRoutes {
    private static final String WEBHOOKS = "/api/v1/server/webhooks";
    private static final String DEAD_LETTERS = "/api/v1/admin/webhooks/dead-letters";

    private WebhookRoutes() {}

    static void mount(Router router, Api api, String adminToken, Webhooks webhooks) {
        router.post(WEBHOOKS).handler(api.server(Scope.WEBHOOKS, 201, r -> webhooks.create(r.body(Webhooks.NewWebhook.class))));
        router.get(WEBHOOKS).handler(api.server(Scope.WEBHOOKS, 200, r -> Map.of("webhooks", webhooks.list())));
        router.get(WEBHOOKS + "/:id").handler(api.server(Scope.WEBHOOKS, 200, r -> webhooks.get(r.pathId("id"))));
        router.delete(WEBHOOKS + "/:id").handler(api.server(Scope.WEBHOOKS, 204, r -> {
            webhooks.delete(r.pathId("id"));
            return null;
        }));
        router.get(DEAD_LETTERS).handler(api.open(200, AdminRoutes.admin(adminToken,
                r -> Map.of("events", webhooks.deadLetters()))));
        router.post(DEAD_LETTERS + "/:id/replay").handler(api.open(200, AdminRoutes.admin(adminToken,
                r -> Map.of("event", webhooks.replay(r.path("id"))))));
    }
}
