package io.vestnik.http;

import io.vertx.ext.web.Router;
import io.vestnik.chat.Reactions;
import io.vestnik.ratelimit.Limit;
import java.util.Map;

/** Adding and removing the caller's emoji reactions; both idempotent, both answer the message's reactions. */
final class ReactionRoutes {
    private static final String PATH = "/api/v1/chats/:id/messages/:seq/reactions/:emoji";

    private ReactionRoutes() {}

    static void mount(Router router, Api api, Reactions reactions) {
        router.put(PATH).handler(api.authed(Limit.WRITES, 200, r -> Map.of("reactions",
                reactions.add(r.principal(), r.pathId("id"), r.pathId("seq"), r.path("emoji")))));
        router.delete(PATH).handler(api.authed(Limit.WRITES, 200, r -> Map.of("reactions",
                reactions.remove(r.principal(), r.pathId("id"), r.pathId("seq"), r.path("emoji")))));
    }
}
