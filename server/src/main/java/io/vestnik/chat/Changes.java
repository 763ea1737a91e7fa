package io.vestnik.chat;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vestnik.auth.Principal;
import io.vestnik.domain.Change;
import io.vestnik.protocol.Check;
import io.vestnik.protocol.Json;
import io.vestnik.protocol.ServerEvent;
import io.vestnik.store.ChangeStore;
import io.vestnik.store.MessageStore;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/**
 * Chats' change logs as clients receive them (decision 0029): each committed change is published
 * to the chat's members as one frame with its number, and connections that were away read the
 * changes after theirs. A change's frame is {@code {type: kind, chat_id, seq?, ...data, change}};
 * a {@code message_updated} carries the message as it is when the frame is made (so a replay
 * shows the latest text and reactions; a later change to it follows). Blocking.
 */
public final class Changes {
    /** A change ready to write: its number, the message it changes (0: the chat), its frame. */
    public record Framed(long number, long seq, @JsonIgnore String frame) {
        /** The frame as the JSON object it is, for an HTTP page. */
        @JsonValue
        @JsonRawValue
        public String json() {
            return frame;
        }
    }

    /** One page of a chat's changes for {@code GET /api/v1/chats/{id}/changes}. */
    public record Page(List<Framed> changes, boolean hasMore) {}

    private final ChatService chats;
    private final ChangeStore store;
    private final MessageStore messages;
    private final Reactions reactions;
    private final Attachments attachments;
    private final Events events;

    /** @param messages storage itself, not a cache: a change is published right after its commit */
    public Changes(ChatService chats, ChangeStore store, MessageStore messages, Reactions reactions, Attachments attachments,
                   Events events) {
        this.chats = chats;
        this.store = store;
        this.messages = messages;
        this.reactions = reactions;
        this.attachments = attachments;
        this.events = events;
    }

    /** Publishes every change storage commits, from now on. */
    public void publishCommitted() {
        store.onCommitted(change -> events.change(change.chatId(), change.number(), change.seq(), frame(change)));
    }

    /**
     * The caller's page of a chat's changes after {@code afterNumber} (a member's; 404 otherwise).
     * A change the caller must not see ({@link #hiddenFrom}) is {@code change_hidden} in its place,
     * as on the caller's live connections, so the page stays gapless.
     */
    public Page page(Principal caller, long chatId, long afterNumber, int limit) {
        chats.requireMember(caller, chatId);
        Check.nonNegative(afterNumber, "after");
        List<Framed> page = after(chatId, afterNumber, limit + 1);
        boolean more = page.size() > limit;
        Set<Long> blocked = chats.blockedSenders(caller.userId());
        List<Framed> shown = (more ? page.subList(0, limit) : page).stream()
                .map(change -> blocked.isEmpty() || !hiddenFrom(blocked, tree(change.frame())) ? change
                        : new Framed(change.number(), change.seq(), Json.write(new ServerEvent.ChangeHidden(chatId, change.number()))))
                .toList();
        return new Page(shown, more);
    }

    /**
     * True for a change a reader who blocks {@code blocked} must not see (decision 0032): a reaction
     * by one of them, or an edit (or streamed text) of a message one of them sent.
     */
    public static boolean hiddenFrom(Set<Long> blocked, JsonNode change) {
        return switch (change.path("type").asText()) {
            case Change.REACTION -> blocked.contains(change.path("user_id").asLong());
            case Change.MESSAGE_UPDATED -> blocked.contains(change.path("message").path("sender_id").asLong());
            default -> false;
        };
    }

    private static JsonNode tree(String frame) {
        try {
            return Json.MAPPER.readTree(frame);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Up to {@code limit} of the chat's changes after {@code afterNumber}, in order, framed. */
    public List<Framed> after(long chatId, long afterNumber, int limit) {
        return store.after(chatId, afterNumber, limit).stream()
                .map(change -> new Framed(change.number(), change.seq(), frame(change)))
                .toList();
    }

    /** The last change number of each of the user's chats: where a new connection's change streams start. */
    public java.util.Map<Long, Long> lastNumbers(long userId) {
        return store.lastNumbers(userId);
    }

    String frame(Change change) {
        ObjectNode frame = Json.MAPPER.createObjectNode();
        frame.put("type", change.kind());
        frame.put("chat_id", change.chatId());
        if (change.seq() > 0) frame.put("seq", change.seq());
        try {
            frame.setAll((ObjectNode) Json.MAPPER.readTree(change.data()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        if (Change.MESSAGE_UPDATED.equals(change.kind())) {
            messages.find(change.chatId(), change.seq()).ifPresent(m ->
                    frame.set("message", Json.MAPPER.valueToTree(reactions.attached(attachments.signed(m)))));
        }
        frame.put("change", change.number());
        return frame.toString();
    }
}
