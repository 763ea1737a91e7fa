package io.vestnik.http;

import io.vertx.ext.web.Router;
import io.vestnik.chat.Requests;
import io.vestnik.chat.UserBlocks;
import io.vestnik.chat.UserSearch;
import io.vestnik.protocol.Check;
import io.vestnik.ratelimit.Limit;
import java.util.Map;

/** Other users as the caller sees them: whom they block, and finding people to start a chat with. */
final class PeopleRoutes {
    private PeopleRoutes() {}

    static void mount(Router router, Api api, UserBlocks blocks, UserSearch search) {
        router.get("/api/v1/users").handler(api.authed(Limit.USER_SEARCH, 200, r ->
                search.search(r.principal(), r.query("q"), r.query("cursor"), Check.limit(r.query("limit"), 20, 50))));
        router.get("/api/v1/blocks").handler(api.authed(200, r -> Map.of("blocks", blocks.list(r.principal()))));
        router.post("/api/v1/blocks").handler(api.authed(Limit.WRITES, 201, r -> {
            long userId = Check.positive(r.body(Requests.AddMember.class).userId(), "user_id");
            return new Api.Reply(blocks.block(r.principal(), userId) ? 201 : 200, Map.of("user_id", userId));
        }));
        router.delete("/api/v1/blocks/:user_id").handler(api.authed(Limit.WRITES, 204, r -> {
            blocks.unblock(r.principal(), r.pathId("user_id"));
            return null;
        }));
    }
}
