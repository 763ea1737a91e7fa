package io.vestnik.gateway;

import io.vertx.core.Context;
import io.vestnik.auth.Principal;

/**
 * What an SSE stream and a long poll share: a {@link Feed} whose messages move a
 * {@link StreamPosition}, so the client can resume from a cursor on any node.
 */
abstract class CursorLink implements Link {
    private final String id;
    private final Principal principal;
    private final Context context;
    final Gateway gateway;
    final Feed feed;
    /** Set once the feed has started. */
    StreamPosition position;
    /** How it ended, for the metrics ({@link ConnectionOutcomes}); set on its event loop. */
    String endReason;

    CursorLink(String id, Principal principal, Context context, Gateway gateway, String endReason) {
        this.endReason = endReason;
        this.id = id;
        this.principal = principal;
        this.context = context;
        this.gateway = gateway;
        this.feed = new Feed(id, principal.userId(), context, gateway, new Feed.Output() {
            @Override
            public void event(String frame) {
                emit(frame, false);
            }

            @Override
            public void message(long chatId, long seq, String frame, long publishedAtMillis) {
                if (finished()) return;
                position.advance(chatId, seq);
                emit(frame, true);
                gateway.delivered(chatId, principal.userId(), seq, publishedAtMillis);
            }
        }, message -> false, false);
    }

    /** Hands one event to the client; {@code movedCursor}: it is a message, and the cursor now follows it. */
    abstract void emit(String frame, boolean movedCursor);

    /** True once nothing more reaches the client: later messages must not move the cursor. */
    abstract boolean finished();

    @Override
    public String id() {
        return id;
    }

    @Override
    public Principal principal() {
        return principal;
    }

    @Override
    public Context context() {
        return context;
    }

    @Override
    public String closeCode() {
        return endReason;
    }

    Feed feed() {
        return feed;
    }
}
