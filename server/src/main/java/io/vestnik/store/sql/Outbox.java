package io.vestnik.store.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vestnik.domain.EventType;
import io.vestnik.domain.Message;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Writes webhook events into the outbox inside the caller's transaction (decision 0014), one row
 * per endpoint subscribed to the type and one per export target (decision 0034), so the event
 * commits or rolls back with its change. With no subscriber it writes nothing and costs two
 * statements over the small {@code webhooks} and {@code export_targets} tables.
 * Call it after the statement that locks the chat row ({@code UPDATE chats}): a chat's changes
 * then take outbox ids in commit order, which is the delivery order.
 *
 * <p>The hook for every store that causes an event: {@link #record} with the type, the stream the
 * event is ordered in and its data. A chat's events use {@link #chat}; a user's own stream
 * ({@code notification.created}) uses {@link #user}, written after the statement that numbers the
 * user's notification, so that lock orders them the same way.
 */
final class Outbox {
    /** The wire mapping (snake_case, ISO-8601 times), as the API's; kept here so storage does not depend on the protocol. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private Outbox() {}

    /** The stream of a chat's events: one endpoint gets them one at a time, in order. */
    static String chat(long chatId) {
        return "chat:" + chatId;
    }

    /** The stream of one user's own events (notifications), ordered by the user's notification counter. */
    static String user(long userId) {
        return "user:" + userId;
    }

    /** True when some endpoint or export target takes {@code type}: lets a batch skip building data no one will receive. */
    static boolean subscribed(Handle h, EventType type) {
        return h.createQuery("SELECT 1 FROM webhooks WHERE events LIKE :pattern UNION ALL SELECT 1 FROM export_targets LIMIT 1")
                .bind("pattern", pattern(type))
                .mapTo(Integer.class)
                .findOne()
                .isPresent();
    }

    /**
     * One event for every endpoint that takes {@code type} and for every export target (which take
     * every type), in {@code h}'s transaction; {@code data} becomes its JSON.
     */
    static void record(Handle h, EventType type, String stream, Object data, Instant now) {
        String json = json(data);
        h.createUpdate("""
                        INSERT INTO webhook_events (webhook_id, type, stream, data, created_at, next_at)
                        SELECT id, :type, :stream, :data, :now, :now FROM webhooks WHERE events LIKE :pattern
                        ORDER BY id""")
                .bind("type", type.wire())
                .bind("stream", stream)
                .bind("data", json)
                .bind("now", Rows.millis(now))
                .bind("pattern", pattern(type))
                .execute();
        h.createUpdate("""
                        INSERT INTO export_events (target, type, stream, data, created_at)
                        SELECT name, :type, :stream, :data, :now FROM export_targets ORDER BY name""")
                .bind("type", type.wire())
                .bind("stream", stream)
                .bind("data", json)
                .bind("now", Rows.millis(now))
                .execute();
    }

    /** {@code message.created} for each message a send stored, in order; one statement when no endpoint takes it. */
    static void created(Handle h, List<Message> stored) {
        if (stored.isEmpty() || !subscribed(h, EventType.MESSAGE_CREATED)) return;
        for (Message m : stored) message(h, EventType.MESSAGE_CREATED, m, m.createdAt());
    }

    /** A message event: {@code {chat_id, message}}. */
    static void message(Handle h, EventType type, Message m, Instant at) {
        record(h, type, chat(m.chatId()), Map.of("chat_id", m.chatId(), "message", m), at);
    }

    /** A user as events name them: {@code {user_id, external_id, display_name}}; {@code external_id} is null for a user the host never put. */
    static Map<String, Object> person(Handle h, long userId) {
        return h.createQuery("SELECT id, external_subject, display_name FROM users WHERE id = :id")
                .bind("id", userId)
                .map((rs, ctx) -> {
                    Map<String, Object> person = new LinkedHashMap<>();
                    person.put("user_id", rs.getLong("id"));
                    person.put("external_id", rs.getString("external_subject"));
                    person.put("display_name", rs.getString("display_name"));
                    return person;
                })
                .one();
    }

    /** How {@code webhooks.events} is kept: every type between commas. */
    static String pattern(EventType type) {
        return "%," + type.wire() + ",%";
    }

    static String json(Object data) {
        try {
            return JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
