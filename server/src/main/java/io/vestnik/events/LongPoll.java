package io.vestnik.events;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vestnik.auth.Principal;
import io.vestnik.gateway.ConnectionOutcomes;
import io.vestnik.gateway.Feed;
import io.vestnik.gateway.Feeds;
import io.vestnik.http.Api;
import io.vestnik.protocol.CloseCodes;
import io.vestnik.protocol.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * One long poll ({@code GET /api/v1/events/poll}): a {@link Feed} that lives for one request. It
 * first replays what the cursor has not seen, then waits up to {@code timeout} for live events,
 * and answers {@code {events, cursor}} as soon as there are some (gathering briefly so a burst
 * comes as one answer). The cursor resumes right after the last message answered, on any node.
 * Runs on its event loop.
 */
final class LongPoll extends CursorLink {
    /** Most events in one answer; the rest come with the next poll. */
    static final int MAX_EVENTS = 1_000;
    /** How long events are gathered after the first, so a burst comes as one answer. */
    static final long GATHER_MILLIS = 20;

    private final RoutingContext request;
    private final long timeoutMillis;
    private final List<String> events = new ArrayList<>();
    private boolean answered;
    private long timer = -1;

    LongPoll(String id, Principal principal, Context context, RoutingContext request, Feeds feeds, Snapshots snapshots,
             long timeoutMillis) {
        // Answered, unless something else ends it first.
        super(id, principal, context, feeds, snapshots, ConnectionOutcomes.ANSWERED);
        this.request = request;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    void emit(String frame, boolean movedCursor) {
        add(frame);
    }

    @Override
    boolean finished() {
        return answered;
    }

    /**
     * The feed is live: replays the chats the cursor is behind on, then waits. The timeout runs
     * from the end of the replay, so a short poll ({@code timeout=0}) still gets what it missed.
     */
    void started(StreamPosition.Start start) {
        if (answered) return;
        position = start.position();
        feed.release(new Feed.Start(start.feed().positions(), List.of()));
        int[] replaying = {start.feed().behind().size()};
        Runnable replayed = () -> {
            if (--replaying[0] == 0) waitForEvents();
        };
        if (replaying[0] == 0) waitForEvents();
        start.feed().behind().forEach(chatId -> feed.streams().resume(chatId, start.feed().positions().get(chatId), replayed));
    }

    private void waitForEvents() {
        if (answered) return;
        if (!events.isEmpty()) answer();
        else timer = vertx().setTimer(Math.max(1, timeoutMillis), ignored -> answer());
    }

    private void add(String frame) {
        if (answered) return;
        events.add(frame);
        if (events.size() >= MAX_EVENTS) {
            answer();
        } else if (events.size() == 1 && timer >= 0) {
            vertx().cancelTimer(timer);
            timer = vertx().setTimer(GATHER_MILLIS, ignored -> answer());
        }
    }

    /** Answers with the events so far and the cursor after them; the feed stops here. */
    private void answer() {
        if (answered) return;
        answered = true;
        if (timer >= 0) vertx().cancelTimer(timer);
        feed.close();
        if (position.wantsSnapshot()) {
            java.util.Map<Long, Long> saved = position.all();
            snapshots.save(this, saved).onComplete(result -> {
                if (result.succeeded()) position.snapshotSaved(result.result(), saved);
                reply();
            });
        } else {
            reply();
        }
    }

    private void reply() {
        StringBuilder body = new StringBuilder(64 + events.stream().mapToInt(String::length).sum());
        body.append("{\"events\":[");
        for (int i = 0; i < events.size(); i++) body.append(i == 0 ? "" : ",").append(events.get(i));
        body.append("],\"cursor\":\"").append(position.cursor()).append("\"}");
        if (request.response().closed()) return;
        request.response().putHeader("Content-Type", "application/json; charset=utf-8").putHeader("Cache-Control", "no-store")
                .end(body.toString());
    }

    /** Draining answers at once (the client polls again, elsewhere); a revoked session is refused. */
    @Override
    public void close(int code, String reason) {
        if (!answered) endReason = ConnectionOutcomes.reason(code);
        if (code == CloseCodes.UNAUTHORIZED && !answered) {
            answered = true;
            if (timer >= 0) vertx().cancelTimer(timer);
            feed.close();
            Api.fail(request, Problem.unauthorized(reason));
        } else if (position != null) {
            answer();
        } else if (!answered) { // draining while still opening: nothing to answer with yet
            answered = true;
            feed.close();
            Api.fail(request, Problem.unavailable("Server restarting; poll again.", 1));
        }
    }

    /** The poll could not open (storage down, an expired cursor): an error answer. */
    void failed(Throwable failure) {
        if (answered) return;
        answered = true;
        endReason = ConnectionOutcomes.FAILED;
        Api.fail(request, failure);
    }

    @Override
    public io.vestnik.metrics.Transport transport() {
        return io.vestnik.metrics.Transport.POLL;
    }

    /** An answer is written whole as it ends the poll; what is still on its way belongs to no poll. */
    @Override
    public long queuedBytes() {
        return 0;
    }

    /** The request ended: answered, or the client went away before the answer. */
    void abandoned() {
        if (!answered) endReason = ConnectionOutcomes.CLIENT;
        answered = true;
        if (timer >= 0) vertx().cancelTimer(timer);
    }

    private Vertx vertx() {
        return context().owner();
    }
}
