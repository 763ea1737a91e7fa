package io.vestnik.http;

import io.vertx.ext.web.Router;
import io.vestnik.chat.StreamedMessages;
import io.vestnik.domain.Scope;
import io.vestnik.host.HostStreams;
import java.util.Map;

/** The server API's streamed replies (decision 0015): typing, deltas and finish, each with the {@code messages} scope. */
final class StreamRoutes {
    private static final String MESSAGE = "/api/v1/server/chats/:chat_id/messages/:seq";

    private StreamRoutes() {}

    static void mount(Router router, Api api, HostStreams streams) {
        router.post("/api/v1/server/chats/:chat_id/typing").handler(api.server(Scope.MESSAGES, 204, r -> {
            streams.typing(r.pathId("chat_id"), r.body(HostStreams.TypingNotice.class));
            return null;
        }));
        router.post(MESSAGE + "/deltas").handler(api.server(Scope.MESSAGES, 204, r -> {
            streams.delta(r.pathId("chat_id"), r.pathId("seq"), r.body(StreamedMessages.Delta.class));
            return null;
        }));
        router.post(MESSAGE + "/finish").handler(api.server(Scope.MESSAGES, 200, r -> Map.of("message",
                streams.finish(r.pathId("chat_id"), r.pathId("seq"), finishOf(r)))));
    }

    /** No body at all keeps the text so far, as {@code {}} does. */
    private static StreamedMessages.Finish finishOf(Request r) {
        var body = r.ctx().body();
        boolean empty = body == null || body.buffer() == null || body.buffer().length() == 0;
        return empty ? new StreamedMessages.Finish(null) : r.body(StreamedMessages.Finish.class);
    }
}
