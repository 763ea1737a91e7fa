package io.vestnik.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.broker.BlockChange;
import io.vestnik.chat.Changes;
import io.vestnik.protocol.Json;
import io.vestnik.protocol.ServerEvent;
import io.vestnik.store.UserBlockStore.Relations;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What one feed must not show its user because of user blocks (decision 0032): messages, edits,
 * streamed text and reactions from users they block, and typing of anyone on either side of a
 * block. A blocked sender's message keeps its place in the chat's stream as a
 * {@code message_hidden} frame, and a hidden change its number in the chat's change log as a
 * {@code change_hidden} frame, so both streams stay gapless.
 *
 * <p>Nearly every user has no blocks: then each check is one volatile read and an
 * {@code isEmpty}, and no frame is parsed. Frames are parsed only for a user with blocks.
 * {@link #loading}, {@link #loaded} and {@link #apply} may run on any thread; the checks run on
 * the feed's event loop.
 */
final class BlockFilter {
    private volatile Relations relations = Relations.NONE;
    /** Changes that arrived while the relations were being read: replayed over what was read. */
    private List<BlockChange> sinceLoad;
    /** Streaming messages of blocked senders (chat id, seq): their deltas are dropped. Event loop only. */
    private final Set<List<Long>> hiddenStreams = new HashSet<>();

    /** Call before reading the user's relations from storage. */
    synchronized void loading() {
        sinceLoad = new ArrayList<>();
    }

    /** The relations read from storage after {@link #loading}; changes announced meanwhile still apply. */
    synchronized void loaded(Relations read) {
        Relations current = read;
        if (sinceLoad != null) {
            for (BlockChange change : sinceLoad) current = applied(current, change);
        }
        sinceLoad = null;
        relations = current;
    }

    /** A change announced through the broker (idempotent). */
    synchronized void apply(BlockChange change) {
        relations = applied(relations, change);
        if (sinceLoad != null) sinceLoad.add(change);
    }

    private static Relations applied(Relations relations, BlockChange change) {
        Set<Long> blocked = new HashSet<>(relations.blocked());
        Set<Long> blockedBy = new HashSet<>(relations.blockedBy());
        Set<Long> side = change.byMe() ? blocked : blockedBy;
        if (change.blocked()) side.add(change.otherUserId());
        else side.remove(change.otherUserId());
        return new Relations(Set.copyOf(blocked), Set.copyOf(blockedBy));
    }

    /** The frame to write at {@code seq} of the chat's stream: the message, or {@code message_hidden} in its place. */
    String message(long chatId, long seq, String frame) {
        Relations now = relations;
        if (now.blocked().isEmpty()) return frame;
        if (!now.blocked().contains(tree(frame).path("message").path("sender_id").asLong())) return frame;
        return Json.write(new ServerEvent.MessageHidden(chatId, seq));
    }

    /** The frame to write as change {@code number} of the chat's change log: the change, or {@code change_hidden} in its place. */
    String change(long chatId, long number, String frame) {
        return shows(frame) ? frame : Json.write(new ServerEvent.ChangeHidden(chatId, number));
    }

    /** False for an event the user must not see: about a message, reaction or typing of a user on the other side of a block. */
    boolean shows(String frame) {
        Relations now = relations;
        if (now.isEmpty() && hiddenStreams.isEmpty()) return true;
        JsonNode event = tree(frame);
        return switch (event.path("type").asText()) {
            case "typing" -> !eitherSide(now, event.path("user_id").asLong());
            case "message_updated" -> showsUpdate(now, event);
            case "message_delta" -> !hiddenStreams.contains(key(event));
            default -> !Changes.hiddenFrom(now.blocked(), event);
        };
    }

    private boolean showsUpdate(Relations now, JsonNode event) {
        if (!Changes.hiddenFrom(now.blocked(), event)) return true;
        if ("streaming".equals(event.path("message").path("state").asText())) hiddenStreams.add(key(event));
        else hiddenStreams.remove(key(event));
        return false;
    }

    private static boolean eitherSide(Relations relations, long userId) {
        return relations.blocked().contains(userId) || relations.blockedBy().contains(userId);
    }

    private static List<Long> key(JsonNode event) {
        long seq = event.has("seq") ? event.path("seq").asLong() : event.path("message").path("seq").asLong();
        return List.of(event.path("chat_id").asLong(), seq);
    }

    private static JsonNode tree(String frame) {
        try {
            return Json.MAPPER.readTree(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The server wrote a frame that is not JSON", e);
        }
    }
}
