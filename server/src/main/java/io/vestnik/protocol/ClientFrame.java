package io.vestnik.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.vestnik.domain.MessageRef;
import java.util.List;
import java.util.Map;

/**
 * Every frame a client may send over WebSocket: one JSON object whose {@code type} names the
 * record. Fields are boxed so that a missing one is told apart from zero; handlers validate.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ClientFrame.Ping.class, name = "ping"),
    @JsonSubTypes.Type(value = ClientFrame.Send.class, name = "send"),
    @JsonSubTypes.Type(value = ClientFrame.Typing.class, name = "typing"),
    @JsonSubTypes.Type(value = ClientFrame.MarkRead.class, name = "mark_read"),
    @JsonSubTypes.Type(value = ClientFrame.Resume.class, name = "resume"),
    @JsonSubTypes.Type(value = ClientFrame.MessageDelta.class, name = "message_delta"),
    @JsonSubTypes.Type(value = ClientFrame.FinishMessage.class, name = "finish_message"),
    @JsonSubTypes.Type(value = ClientFrame.React.class, name = "reaction"),
})
public sealed interface ClientFrame {

    record Ping() implements ClientFrame {}

    record Send(Long chatId, String clientId, String body, Long replyToSeq, List<Long> attachmentIds,
                MessageRef forward) implements ClientFrame {}

    record Typing(Long chatId, Boolean isTyping) implements ClientFrame {}

    record MarkRead(Long chatId, Long seq) implements ClientFrame {}

    /**
     * The last seq the client has seen, per chat it wants to catch up on (keyed by chat id) and,
     * under {@code "notifications"}, of its notifications.
     */
    /**
     * {@code positions}: the last seq seen per chat id (and {@code "notifications"}); {@code changes}:
     * the last change number seen per chat id (decision 0029), absent for clients that keep none.
     */
    record Resume(Map<String, Long> positions, Map<String, Long> changes) implements ClientFrame {}

    /** Appends to the sender's own streaming message, as {@code POST .../messages/{seq}/deltas}. */
    record MessageDelta(Long chatId, Long seq, Long offset, String text) implements ClientFrame {}

    /** Finishes the sender's own streaming message, as {@code POST .../messages/{seq}/finish}. */
    record FinishMessage(Long chatId, Long seq, String body) implements ClientFrame {}

    /** Adds ({@code added} true) or removes one of the sender's emoji reactions, as {@code PUT}/{@code DELETE .../reactions/{emoji}}. */
    record React(Long chatId, Long seq, String emoji, Boolean added) implements ClientFrame {}
}
