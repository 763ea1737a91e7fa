package io.vestnik.gateway;

import io.vertx.core.Future;
import io.vestnik.broker.Envelope;
import io.vestnik.chat.ChatService;
import io.vestnik.chat.MessageService;
import io.vestnik.chat.Reactions;
import io.vestnik.chat.Requests;
import io.vestnik.chat.StreamedMessages;
import io.vestnik.chat.Typing;
import io.vestnik.domain.Message;
import io.vestnik.metrics.Metrics;
import io.vestnik.protocol.Check;
import io.vestnik.protocol.ClientFrame;
import io.vestnik.protocol.Json;
import io.vestnik.protocol.Problem;
import io.vestnik.protocol.ServerEvent;
import io.vestnik.ratelimit.Decision;
import io.vestnik.ratelimit.Limit;
import io.vestnik.ratelimit.RateLimiter;
import io.vestnik.ratelimit.SendQuota;
import io.vestnik.store.MessageStore;
import io.vestnik.transport.Failures;
import io.vestnik.transport.Offload;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Handles the frames a client sends. A bad frame gets an {@code error} event and the connection
 * lives on; only oversized frames and flooding close it (4008), and text that is not UTF-8 (1007).
 */
final class Frames {
    /** The key of the notification stream's position in a {@code resume} frame. */
    static final String NOTIFICATIONS_KEY = "notifications";

    private final Offload offload;
    private final RateLimiter limiter;
    private final Metrics metrics;
    private final ChatService chats;
    private final MessageService messages;
    private final Typing typing;
    private final StreamedMessages streamed;
    private final Reactions reactions;
    private final SendQuota quota;

    Frames(Offload offload, RateLimiter limiter, Metrics metrics, WebSocketEndpoint.Services services) {
        this.offload = offload;
        this.limiter = limiter;
        this.metrics = metrics;
        this.chats = services.chats();
        this.messages = services.messages();
        this.typing = services.typing();
        this.streamed = services.streamed();
        this.reactions = services.reactions();
        this.quota = services.quota();
    }

    /** One text message, already within the size limit and valid UTF-8 ({@link InboundMessages}). */
    void onText(Connection connection, String text) {
        connection.heard();
        ClientFrame frame;
        try {
            frame = Json.read(text.getBytes(StandardCharsets.UTF_8), ClientFrame.class);
        } catch (Problem problem) {
            connection.send(ServerEvent.Error.of(problem, null));
            return;
        }
        if (frame instanceof ClientFrame.Ping) {
            connection.send(new ServerEvent.Pong(Instant.now()));
            return;
        }
        Decision flood = limiter.acquire(Limit.FRAMES, connection.id());
        if (!flood.allowed()) {
            metrics.rateLimited(Limit.FRAMES.name());
            connection.close(io.vestnik.protocol.CloseCodes.POLICY_VIOLATION, "Too many frames");
            return;
        }
        connection.enqueue(() -> handle(connection, frame));
    }

    private Future<Void> handle(Connection connection, ClientFrame frame) {
        String clientId = frame instanceof ClientFrame.Send send ? send.clientId() : null;
        Future<Void> handled;
        try {
            handled = dispatch(connection, frame);
        } catch (RuntimeException failure) {
            handled = Future.failedFuture(failure);
        }
        return handled.recover(failure -> {
            connection.reply(Future.failedFuture(failure), refused -> connection.send(ServerEvent.Error.of(problemOf(refused.cause()), clientId)));
            return Future.succeededFuture();
        });
    }

    private Future<Void> dispatch(Connection connection, ClientFrame frame) {
        return switch (frame) {
            case ClientFrame.Send send -> send(connection, send);
            case ClientFrame.Typing typing -> offload(connection, () -> {
                long chatId = Check.positive(typing.chatId(), "chat_id");
                this.typing.update(connection.principal(), chatId, Check.present(typing.isTyping(), "is_typing"));
                return null;
            });
            case ClientFrame.MarkRead read -> offload(connection, () -> {
                chats.markRead(connection.principal(), Check.positive(read.chatId(), "chat_id"), read.seq());
                return null;
            });
            case ClientFrame.Resume resume -> resume(connection, resume.positions(), resume.changes());
            case ClientFrame.MessageDelta delta -> offload(connection, () -> {
                streamed.delta(Check.positive(delta.chatId(), "chat_id"), Check.positive(delta.seq(), "seq"),
                        connection.principal().userId(), new StreamedMessages.Delta(delta.offset(), delta.text()));
                return null;
            });
            case ClientFrame.FinishMessage finish -> offload(connection, () -> {
                streamed.finish(Check.positive(finish.chatId(), "chat_id"), Check.positive(finish.seq(), "seq"),
                        connection.principal().userId(), new StreamedMessages.Finish(finish.body()));
                return null;
            });
            case ClientFrame.React react -> offload(connection, () -> {
                react(connection, react);
                return null;
            });
            case ClientFrame.Ping ping -> Future.succeededFuture();
        };
    }

    /** No answer on success: the {@code reaction} event reaches every member connection, this one included. */
    private void react(Connection connection, ClientFrame.React react) {
        long chatId = Check.positive(react.chatId(), "chat_id");
        long seq = Check.positive(react.seq(), "seq");
        if (Check.present(react.added(), "added")) {
            reactions.add(connection.principal(), chatId, seq, react.emoji());
        } else {
            reactions.remove(connection.principal(), chatId, seq, react.emoji());
        }
    }

    private Future<Void> send(Connection connection, ClientFrame.Send send) {
        if (send.chatId() != null && send.clientId() != null) connection.sending(send.chatId(), send.clientId());
        return offload(connection, () -> {
            quota.acquire(connection.principal().userId(), connection.id());
            long chatId = Check.positive(send.chatId(), "chat_id");
            Requests.SendMessage request = new Requests.SendMessage(send.clientId(), send.body(), send.replyToSeq(),
                    send.attachmentIds(), send.forward(), send.threadRootSeq(), send.shownInChat());
            return messages.sendQueued(connection.principal(), chatId, request, connection.id());
        }).<Void>map(queued -> {
            // The next frame is handled now; this one's reply waits for its commit.
            connection.reply(Future.fromCompletionStage(queued, connection.context()), stored -> {
                connection.acked(send.chatId(), send.clientId());
                if (stored.failed()) {
                    connection.send(ServerEvent.Error.of(problemOf(stored.cause()), send.clientId()));
                    return;
                }
                Message message = stored.result().message();
                ServerEvent.Ack ack = new ServerEvent.Ack(message.clientId(), message);
                connection.streams().onOwn(message.chatId(), message.seq(), Json.write(ack));
            });
            return null;
        }).onFailure(failure -> {
            if (send.chatId() != null) connection.acked(send.chatId(), send.clientId());
        });
    }

    /**
     * Replays every stream in {@code requested} (chats, and notifications) and every chat's change
     * log in {@code changes} (may be null) from storage, then says {@code resumed}.
     */
    private Future<Void> resume(Connection connection, Map<String, Long> requested, Map<String, Long> changes) {
        return Future.succeededFuture(requested).map(positions -> streamPositions(positions, changes))
                .compose(positions -> checkMember(connection, positions).compose(checked -> replay(connection, positions)))
                .<Void>map(done -> {
                    connection.send(new ServerEvent.Resumed());
                    return null;
                }).onFailure(refused -> connection.feed().stopAwaitingResume());
    }

    private Future<Void> checkMember(Connection connection, Map<Long, Long> positions) {
        return offload(connection, () -> {
            for (long stream : positions.keySet()) {
                if (stream != Envelope.NOTIFICATIONS) chats.requireMember(connection.principal(), Math.abs(stream));
            }
            return null;
        });
    }

    /** Replays every stream after its position; completes once all are caught up. */
    private Future<Void> replay(Connection connection, Map<Long, Long> positions) {
        io.vertx.core.Promise<Void> all = io.vertx.core.Promise.promise();
        int[] remaining = {positions.size()};
        Runnable oneDone = () -> {
            if (--remaining[0] == 0) all.complete();
        };
        if (positions.isEmpty()) all.complete();
        positions.forEach((chatId, seq) -> connection.streams().resume(chatId, seq, oneDone));
        connection.feed().stopAwaitingResume();
        return all.future();
    }

    /**
     * Positions by stream: a chat id's key is the chat's, {@code "notifications"} the notification
     * stream's, and a chat's change log's is {@link ChatStreams#changesOf} the chat's.
     */
    private static Map<Long, Long> streamPositions(Map<String, Long> requested, Map<String, Long> changes) {
        if (requested == null) throw Problem.invalid("Field 'positions' is required.");
        Map<Long, Long> positions = new java.util.LinkedHashMap<>();
        requested.forEach((key, seq) -> {
            Check.nonNegative(seq, "positions." + key);
            positions.put(NOTIFICATIONS_KEY.equals(key) ? Envelope.NOTIFICATIONS : chatId(key), seq);
        });
        if (changes != null) {
            changes.forEach((key, number) -> {
                Check.nonNegative(number, "changes." + key);
                positions.put(ChatStreams.changesOf(chatId(key, "changes")), number);
            });
        }
        return positions;
    }

    private static long chatId(String key) {
        return chatId(key, "positions");
    }

    private static long chatId(String key, String field) {
        try {
            long chatId = Long.parseLong(key);
            if (chatId > 0) return chatId;
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw Problem.invalid("positions".equals(field)
                ? "Keys of 'positions' are chat ids or \"" + NOTIFICATIONS_KEY + "\"."
                : "Keys of '" + field + "' are chat ids.");
    }

    private <T> Future<T> offload(Connection connection, Callable<T> work) {
        return offload.call(connection.context(), work);
    }

    private static Problem problemOf(Throwable failure) {
        return Failures.problemOf(failure, "frame handling failed");
    }
}
