package io.vestnik.chat;

import io.vestnik.broker.BlockChange;
import io.vestnik.broker.Envelope;
import io.vestnik.broker.LocalRouter;
import io.vestnik.broker.Topics;
import io.vestnik.domain.Message;
import io.vestnik.protocol.ChatView;
import io.vestnik.protocol.Json;
import io.vestnik.protocol.ServerEvent;
import java.util.Collection;

/**
 * Publishes what happened in the chat domain. Each event is encoded to its frame once, here,
 * and that one text travels to every node and is written to every recipient.
 */
public final class Events {
    private final LocalRouter router;

    public Events(LocalRouter router) {
        this.router = router;
    }

    /** To every member's connections except {@code skipConnection} (the sender's, which gets an ack). */
    public void newMessage(Message message, String skipConnection) {
        String frame = Json.write(new ServerEvent.NewMessage(message.chatId(), message));
        router.publish(Envelope.event(Topics.chat(message.chatId()), message.chatId(), message.seq(), skipConnection, frame));
    }

    /** Change {@code number} of the chat's change log, to message {@code seq} (0: the chat): see {@link Changes}. */
    public void change(long chatId, long number, long seq, String frame) {
        router.publish(Envelope.change(Topics.chat(chatId), chatId, number, seq, frame));
    }

    public void toChat(long chatId, ServerEvent event) {
        router.publish(Envelope.event(Topics.chat(chatId), chatId, 0, null, Json.write(event)));
    }

    /**
     * To every member's connections, about streaming message {@code seq}: a {@code message_delta},
     * or the {@code message_updated} that finishes it. Each connection checks it against what it
     * has of the body (see {@link Envelope.Kind#STREAM}).
     */
    public void aboutStream(long chatId, long seq, ServerEvent event) {
        router.publish(Envelope.stream(Topics.chat(chatId), chatId, seq, Json.write(event)));
    }

    public void toUsers(Collection<Long> userIds, ServerEvent event) {
        String frame = Json.write(event);
        for (long userId : userIds) {
            router.publish(Envelope.event(Topics.user(userId), 0, 0, null, frame));
        }
    }

    /**
     * Subscribes the users' connections, wherever they are, to the chat from its current seq on
     * (history is theirs to page through), then tells them about it.
     */
    public void joined(long chatId, Collection<Long> userIds, ChatView chat) {
        String position = Long.toString(chat.lastSeq());
        for (long userId : userIds) {
            router.publish(Envelope.instruction(Envelope.Kind.JOINED_CHAT, Topics.user(userId), chatId, position));
        }
        toUsers(userIds, new ServerEvent.ChatUpdated(chat));
    }

    /** Tells the user they left, then unsubscribes their connections from the chat. */
    public void left(long chatId, long userId, ChatView chat) {
        toUsers(java.util.List.of(userId), new ServerEvent.ChatUpdated(chat));
        router.publish(Envelope.instruction(Envelope.Kind.LEFT_CHAT, Topics.user(userId), chatId, null));
    }

    /** Tells the members a group was deleted, then unsubscribes their connections from it. */
    public void deleted(long chatId, Collection<Long> memberIds) {
        toUsers(memberIds, new ServerEvent.ChatDeleted(chatId, "everyone"));
        for (long userId : memberIds) {
            router.publish(Envelope.instruction(Envelope.Kind.LEFT_CHAT, Topics.user(userId), chatId, null));
        }
    }

    /**
     * Tells both users' connections, on every node, that {@code blockerId} now blocks (or no longer
     * blocks) {@code blockedId}; see {@link io.vestnik.broker.Envelope.Kind#BLOCKS_CHANGED}.
     */
    public void blocksChanged(long blockerId, long blockedId, boolean blocked) {
        router.publish(Envelope.instruction(Envelope.Kind.BLOCKS_CHANGED, Topics.user(blockerId), 0,
                BlockChange.blocks(blockedId, blocked).text()));
        router.publish(Envelope.instruction(Envelope.Kind.BLOCKS_CHANGED, Topics.user(blockedId), 0,
                BlockChange.blockedBy(blockerId, blocked).text()));
        // After the instruction on the same topic, so each of the blocker's connections filters before it sees this.
        toUsers(java.util.List.of(blockerId), new ServerEvent.UserBlocked(blockedId, blocked));
    }

    /** Every node closes the session's connections and refuses its tokens from now on. */
    public void sessionRevoked(long sessionId) {
        router.publish(Envelope.instruction(Envelope.Kind.SESSION_REVOKED, Topics.NODES, 0, Long.toString(sessionId)));
    }
}
