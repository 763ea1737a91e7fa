package io.vestnik.http;

import io.vertx.ext.web.Router;
import io.vestnik.chat.Changes;
import io.vestnik.chat.MessageSearch;
import io.vestnik.chat.MessageService;
import io.vestnik.chat.Requests;
import io.vestnik.protocol.Check;
import io.vestnik.ratelimit.Limit;
import io.vestnik.store.MessageStore;
import java.util.Map;

/** Sending, history, edits, deletes, the change log and search. */
final class MessageRoutes {
    private MessageRoutes() {}

    /** Sends count against the user's one send budget, which their WebSocket sends share ({@code SendQuota}). */
    static void mount(Router router, Api api, MessageService messages) {
        router.post("/api/v1/chats/:id/messages").handler(api.authed(Limit.SEND_PER_USER, 201, r -> {
            MessageStore.Appended appended = messages.send(r.principal(), r.pathId("id"),
                    r.body(Requests.SendMessage.class), null);
            return new Api.Reply(appended.created() ? 201 : 200, Map.of("message", appended.message()));
        }));
        router.get("/api/v1/chats/:id/messages").handler(api.authed(200, r -> messages.history(r.principal(),
                r.pathId("id"), r.queryLong("before_seq"), r.queryLong("after_seq"), Check.limit(r.query("limit"), 50, 500),
                Check.flag(r.query("thread_replies"), "thread_replies"))));
        router.patch("/api/v1/chats/:id/messages/:seq").handler(api.authed(Limit.WRITES, 200, r -> Map.of("message",
                messages.edit(r.principal(), r.pathId("id"), r.pathId("seq"), r.body(Requests.EditMessage.class)))));
        router.delete("/api/v1/chats/:id/messages/:seq").handler(api.authed(Limit.WRITES, 204, r -> {
            messages.delete(r.principal(), r.pathId("id"), r.pathId("seq"));
            return null;
        }));
    }

    /** A chat's change log after a change number: edits, deletions, reactions and pins a client missed (decision 0029). */
    static void mountChanges(Router router, Api api, Changes changes) {
        router.get("/api/v1/chats/:id/changes").handler(api.authed(200, r -> changes.page(r.principal(), r.pathId("id"),
                r.queryLong("after") == null ? 0 : r.queryLong("after"), Check.limit(r.query("limit"), 100, 500))));
    }

    /** Search is the costliest read a user can repeat, so it has a budget of its own. */
    static void mountSearch(Router router, Api api, MessageSearch search) {
        router.get("/api/v1/search/messages").handler(api.authed(Limit.SEARCH, 200, r -> search.search(r.principal(),
                new MessageSearch.Request(r.query("q"), r.queryLong("chat_id"), r.queryLong("sender_id"),
                        Check.time(r.query("from"), "from"), Check.time(r.query("to"), "to"), r.query("cursor"),
                        Check.limit(r.query("limit"), 20, 100)))));
    }
}
