package io.vestnik.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The server API ({@code /api/v1/server/...}) with a service key {@code vsk_...}: the host
 * application's servers act for its users by their external ids. Calls block the calling thread
 * and are safe from any thread. A refusal throws {@link VestnikException} with the status and the
 * server's code (403 {@code forbidden} for a key without the route's scope).
 *
 * <p>Calls that are safe to repeat — sends with their {@code client_id}, deltas at their offset,
 * puts (users, mutes, blocks), reads, and the deletes that answer 204 whether or not there was
 * something to lift (unmute, unban, unblock) — are retried on network errors, 429 and 5xx with
 * backoff, up to {@link #ATTEMPTS} tries; a send is never stored twice. The others (opening a
 * chat, members, uploads, registering or deleting a webhook, deleting a message) are made once.
 */
public final class ServerApi implements AutoCloseable {
    static final int ATTEMPTS = 6;

    private final HttpClient client;
    private final Http http;
    private final Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(5));

    public ServerApi(String baseUrl, String serviceKey) {
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        http = new Http(client, URI.create(baseUrl), () -> serviceKey);
    }

    // --- users ---------------------------------------------------------------------------

    /** Creates or replaces the user the host knows as {@code externalId} (scope {@code users}). */
    public User putUser(String externalId, UserProfile profile) {
        return retrying(() -> http.call("PUT", userPath(externalId), profile, "user", User.class));
    }

    public User user(String externalId) {
        return retrying(() -> http.call("GET", userPath(externalId), null, "user", User.class));
    }

    // --- chats ---------------------------------------------------------------------------

    /** Creates a chat, or answers the existing direct or listing chat of the same members and context (scope {@code chats}). */
    public Chat openChat(NewChat chat) {
        return http.call("POST", "/api/v1/server/chats", chat, "chat", Chat.class);
    }

    /** A chat, each member with the host's {@code externalId} (scope {@code chats}); 404 {@code not_found} for an unknown chat. Retried. */
    public Chat chat(long chatId) {
        return retrying(() -> http.call("GET", chatPath(chatId), null, "chat", Chat.class));
    }

    public Chat addMember(long chatId, String externalId) {
        return http.call("POST", chatPath(chatId) + "/members", Map.of("external_id", externalId), "chat", Chat.class);
    }

    public void removeMember(long chatId, String externalId) {
        http.call("DELETE", memberPath(chatId, externalId), null);
    }

    // --- messages ------------------------------------------------------------------------

    /** Posts as {@code senderExternalId} (a person or a bot, a member of the chat); a repeated {@code clientId} answers the first message. */
    public Message send(long chatId, String senderExternalId, String clientId, String body) {
        return postMessage(chatId, Map.of("sender_external_id", senderExternalId, "client_id", clientId, "body", body));
    }

    /**
     * {@link #send} of a message carrying files uploaded with {@link #upload} (at most 10);
     * {@code body} may be empty.
     */
    public Message send(long chatId, String senderExternalId, String clientId, String body, List<Long> attachmentIds) {
        return postMessage(chatId, Map.of("sender_external_id", senderExternalId, "client_id", clientId, "body", body,
                "attachment_ids", attachmentIds));
    }

    /** {@link #send} of a reply in the thread of message {@code rootSeq}, also in the chat's own history when {@code shownInChat}. */
    public Message sendInThread(long chatId, String senderExternalId, String clientId, String body, long rootSeq,
                                boolean shownInChat) {
        return postMessage(chatId, Map.of("sender_external_id", senderExternalId, "client_id", clientId, "body", body,
                "thread_root_seq", rootSeq, "shown_in_chat", shownInChat));
    }

    /**
     * Starts a streamed message (seq assigned at once, {@code state: "streaming"}) with
     * {@code firstText} as its body so far; append with {@link StreamedReply#append}, end with
     * {@link StreamedReply#finish}.
     */
    public StreamedReply startStreaming(long chatId, String senderExternalId, String clientId, String firstText) {
        Message started = postMessage(chatId, Map.of("sender_external_id", senderExternalId, "client_id", clientId,
                "body", firstText, "streaming", true));
        return new StreamedReply(this, started);
    }

    /** Appends {@code text} at character {@code offset}; the same offset again is ignored by the server, a gap answers 409. */
    public void appendDelta(long chatId, long seq, long offset, String text) {
        retrying(() -> http.call("POST", chatPath(chatId) + "/messages/" + seq + "/deltas", Map.of("offset", offset, "text", text)));
    }

    /** Completes a streamed message, with {@code body} as its final text when not null. */
    public Message finishStreaming(long chatId, long seq, String body) {
        Map<String, Object> fields = new HashMap<>();
        if (body != null) fields.put("body", body);
        return retrying(() -> http.call("POST", chatPath(chatId) + "/messages/" + seq + "/finish", fields, "message", Message.class));
    }

    /** Shows (or clears) {@code senderExternalId}'s typing in a chat, as their own client would; it clears itself unless renewed within a few seconds. */
    public void typing(long chatId, String senderExternalId, boolean isTyping) {
        retrying(() -> http.call("POST", chatPath(chatId) + "/typing", Map.of("sender_external_id", senderExternalId, "is_typing", isTyping)));
    }

    /**
     * Uploads a file as {@code uploaderExternalId} (scope {@code messages}), with the user upload's
     * limits, to send with {@link #send(long, String, String, String, List)}. {@code name} null is
     * {@code file}; {@code contentType} null lets the server look at the bytes. Not retried: a
     * repeat stores another file.
     */
    public Attachment upload(String uploaderExternalId, String name, String contentType, byte[] bytes) {
        String query = "?uploader_external_id=" + Http.encode(uploaderExternalId) + (name == null ? "" : "&name=" + Http.encode(name));
        return Json.convert(http.upload("/api/v1/server/attachments" + query, contentType, bytes), Attachment.class);
    }

    // --- moderation ----------------------------------------------------------------------

    /** Deletes any message, leaving a tombstone (scope {@code moderation}). */
    public void deleteMessage(long chatId, long seq) {
        http.call("DELETE", chatPath(chatId) + "/messages/" + seq, null);
    }

    /**
     * Mutes a member of a chat (scope {@code moderation}) until {@code until}, or until lifted when
     * null: they still read, their sends answer 403 {@code muted}. Replaces an earlier mute; retried.
     * 404 for an unknown chat or user, or one who is not a member.
     */
    public Restriction mute(long chatId, String externalId, Instant until) {
        return retrying(() -> http.call("PUT", memberPath(chatId, externalId) + "/mute", new Until(until),
                "mute", Restriction.class));
    }

    /** Lifts a member's mute, if any (scope {@code moderation}); idempotent, retried. */
    public void unmute(long chatId, String externalId) {
        retrying(() -> http.call("DELETE", memberPath(chatId, externalId) + "/mute", null));
    }

    /**
     * Lifts a ban a group's owner or admins set (scope {@code moderation}; the server API makes
     * none), so the user may be added again; idempotent, retried.
     */
    public void unban(long chatId, String externalId) {
        retrying(() -> http.call("DELETE", memberPath(chatId, externalId) + "/ban", null));
    }

    /**
     * Blocks a user's sends in every chat (scope {@code moderation}) until {@code until}, or until
     * lifted when null: they still read, their sends answer 403 {@code blocked}. Replaces an
     * earlier block; retried.
     */
    public Restriction block(String externalId, Instant until) {
        return retrying(() -> http.call("PUT", userPath(externalId) + "/block", new Until(until), "block", Restriction.class));
    }

    /** Lifts a user's send block, if any (scope {@code moderation}); idempotent, retried. */
    public void unblock(String externalId) {
        retrying(() -> http.call("DELETE", userPath(externalId) + "/block", null));
    }

    /** A restriction's body: {@code {}} (no {@code until}) lasts until lifted. */
    private record Until(String until) {
        Until(Instant until) {
            this(until == null ? null : until.toString());
        }
    }

    /** A page of reports, oldest first; {@code nextCursor} is null on the last page. */
    public record Reports(List<Report> reports, String nextCursor) {}

    /**
     * Members' reports of messages (scope {@code moderation}): {@code resolved} false for the open
     * ones; {@code cursor} null for the first page, then the previous page's {@code nextCursor}.
     */
    public Reports reports(boolean resolved, String cursor, int limit) {
        String query = "?status=" + (resolved ? "resolved" : "open") + "&limit=" + limit + (cursor == null ? "" : "&cursor=" + Http.encode(cursor));
        JsonNode page = retrying(() -> http.call("GET", "/api/v1/server/reports" + query, null));
        return new Reports(Arrays.asList(Json.convert(page.path("reports"), Report[].class)),
                page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText());
    }

    /** Resolves a report ({@code dismissed} or {@code actioned}, with an optional note); a resolved one keeps its first resolution. */
    public Report resolveReport(long reportId, String resolution, String note) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("resolution", resolution);
        if (note != null) fields.put("note", note);
        return retrying(() -> http.call("POST", "/api/v1/server/reports/" + reportId + "/resolve", fields, "report", Report.class));
    }

    // --- notifications and webhooks ------------------------------------------------------

    public Notification notify(NewNotification notification) {
        Supplier<Notification> call = () -> http.call("POST", "/api/v1/server/notifications", notification, "notification", Notification.class);
        return notification.clientId() == null ? call.get() : retrying(call);
    }

    /** Registers an endpoint for the given event types; the answer's {@code secret} is shown only here. */
    public Webhook registerWebhook(String url, String... events) {
        JsonNode created = http.call("POST", "/api/v1/server/webhooks", Map.of("url", url, "events", Arrays.asList(events)));
        return Json.convert(created, Webhook.class);
    }

    public List<Webhook> webhooks() {
        return retrying(() -> Arrays.asList(Json.convert(http.call("GET", "/api/v1/server/webhooks", null).path("webhooks"), Webhook[].class)));
    }

    /** One endpoint, without its secret (scope {@code webhooks}); 404 {@code not_found} for an unknown id. Retried. */
    public Webhook webhook(long id) {
        return retrying(() -> Json.convert(http.call("GET", "/api/v1/server/webhooks/" + id, null), Webhook.class));
    }

    public void deleteWebhook(long id) {
        http.call("DELETE", "/api/v1/server/webhooks/" + id, null);
    }

    @Override
    public void close() {
        client.close();
    }

    private Message postMessage(long chatId, Map<String, Object> fields) {
        return retrying(() -> http.call("POST", chatPath(chatId) + "/messages", fields, "message", Message.class));
    }

    private <T> T retrying(Supplier<T> call) {
        for (int attempt = 0; ; attempt++) {
            try {
                return call.get();
            } catch (VestnikException e) {
                if (!e.retryable() || attempt + 1 >= ATTEMPTS) throw e;
                pause(backoff.delay(attempt, e.retryAfterSeconds()));
            }
        }
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VestnikException.network(e);
        }
    }

    private static String chatPath(long chatId) {
        return "/api/v1/server/chats/" + chatId;
    }

    private static String memberPath(long chatId, String externalId) {
        return chatPath(chatId) + "/members/" + Http.encode(externalId);
    }

    private static String userPath(String externalId) {
        return "/api/v1/server/users/" + Http.encode(externalId);
    }
}
