package io.vestnik.events;

import io.vertx.core.Context;
import io.vestnik.auth.Principal;
import io.vestnik.gateway.ConnectionOutcomes;
import io.vestnik.gateway.Feed;
import io.vestnik.gateway.Feeds;
import io.vestnik.gateway.Link;

/**
 * What an SSE stream and a long poll share: a {@link Feed} whose messages move a
 * {@link StreamPosition}, so the client can resume from a cursor on any node.
 */
abstract class CursorLink implements Link {
    private final String id;
    private final Principal principal;
    private final Context context;
    final Snapshots snapshots;
    final Feed feed;
    /** Set once the feed has started. */
    StreamPosition position;
    /** How it ended, for the metrics ({@link ConnectionOutcomes}); set on its event loop. */
    String endReason;

    CursorLink(String id, Principal principal, Context context, Feeds feeds, Snapshots snapshots, String endReason) {
        this.endReason = endReason;
        this.id = id;
        this.principal = principal;
        this.context = context;
        this.snapshots = snapshots;
        this.feed = new Feed(id, principal.userId(), context, feeds, new Feed.Output() {
            @Override
            public void event(String frame) {
                emit(frame, false);
            }

            @Override
            public void message(long chatId, long seq, String frame, long publishedAtMillis) {
                if (finished()) return;
                position.advance(chatId, seq);
                emit(frame, true);
                feeds.delivered(chatId, principal.userId(), seq, publishedAtMillis);
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
