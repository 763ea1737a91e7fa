package io.vestnik.http;

import io.vertx.ext.web.Router;
import io.vestnik.chat.Requests;
import io.vestnik.chat.Threads;
import io.vestnik.protocol.Check;
import io.vestnik.ratelimit.Limit;
import java.util.Map;

/** A thread's history, the caller's read position in it, and the threads the caller follows (decision 0030). */
final class ThreadRoutes {
    private static final String THREAD = "/api/v1/chats/:id/threads/:root_seq";

    private ThreadRoutes() {}

    static void mount(Router router, Api api, Threads threads) {
        router.get(THREAD + "/messages").handler(api.authed(200, r -> threads.history(r.principal(), r.pathId("id"),
                r.pathId("root_seq"), r.queryLong("before_seq"), r.queryLong("after_seq"), Check.limit(r.query("limit"), 50, 500))));
        router.post(THREAD + "/read").handler(api.authed(Limit.WRITES, 200, r -> threads.markRead(r.principal(),
                r.pathId("id"), r.pathId("root_seq"), r.body(Requests.Position.class).seq())));
        router.get("/api/v1/threads").handler(api.authed(200, r -> Map.of("threads", threads.followed(r.principal(),
                Check.flag(r.query("unread"), "unread"), Check.limit(r.query("limit"), 20, 100)))));
    }
}
