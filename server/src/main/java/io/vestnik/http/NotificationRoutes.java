package io.vestnik.http;

import io.vertx.ext.web.Router;
import io.vestnik.notification.Notifications;
import io.vestnik.protocol.Check;
import io.vestnik.ratelimit.Limit;

/** A user's own notifications: paging through them and marking them read. */
final class NotificationRoutes {
    private NotificationRoutes() {}

    static void mount(Router router, Api api, Notifications notifications) {
        router.get("/api/v1/notifications").handler(api.authed(200, r -> notifications.page(r.principal().userId(),
                r.queryLong("after_seq"), Check.limit(r.query("limit"), 50, 500))));
        router.post("/api/v1/notifications/read").handler(api.authed(Limit.WRITES, 200, r ->
                notifications.markRead(r.principal().userId(), r.body(Notifications.MarkRead.class))));
    }
}
