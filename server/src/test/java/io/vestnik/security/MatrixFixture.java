package io.vestnik.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vestnik.auth.AccessTokens;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.TestNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The world the matrix runs in, built once: one node, a group (owner, member, host-token user)
 * with a message and a sent attachment, the outsiders, and a token per {@link Caller}. Fills a
 * row's {@code {placeholders}}; the "fresh" ones make new state per cell, so a cell that deletes
 * or revokes something never changes what the next cell sees.
 */
final class MatrixFixture implements AutoCloseable {
    static final String ADMIN_TOKEN = "matrix-admin-token-0123456789";
    private static final String JWT_SECRET = "matrix-jwt-secret-0123456789-abcdefghij";
    private static final String HOST_SECRET = "matrix-host-secret-0123456789-abcdefgh";
    private static final String HOST_USER = "matrix-host-user";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

    final TestNode node = TestNode.start(TestNode.Storage.SQLITE, Map.of("VESTNIK_JWT_SECRET", JWT_SECRET,
            "VESTNIK_ADMIN_TOKEN", ADMIN_TOKEN, "VESTNIK_HOST_JWT_SECRET", HOST_SECRET));
    private final HttpApi http = node.http();
    private final Map<Caller, String> tokens = new EnumMap<>(Caller.class);
    private final Map<String, Supplier<String>> placeholders = new LinkedHashMap<>();
    private final User owner;
    private final long group;
    private final List<Long> groupMembers;

    MatrixFixture() {
        owner = http.register("owner");
        User member = http.register("member");
        User another = http.register("another");
        String hostToken = hostToken(HOST_USER);
        long hostUser = http.get("/api/v1/users/me", hostToken).json().path("id").asLong();
        groupMembers = List.of(member.id(), hostUser);
        group = newGroup();
        http.directChat(another, owner);
        tokens.put(Caller.EXPIRED_TOKEN, expiredToken(member));
        tokens.put(Caller.REVOKED_SESSION, revokedToken());
        tokens.put(Caller.ADMIN_TOKEN, ADMIN_TOKEN);
        tokens.put(Caller.NON_MEMBER, http.register("outsider").token());
        tokens.put(Caller.ANOTHER_USER, another.token());
        tokens.put(Caller.MEMBER, member.token());
        tokens.put(Caller.GROUP_OWNER, owner.token());
        tokens.put(Caller.HOST_TOKEN_USER, hostToken);
        tokens.put(Caller.SERVICE_KEY, serviceKey("users", "chats", "messages", "notifications", "moderation", "webhooks")
                .path("key").asText());
        tokens.put(Caller.SERVICE_KEY_OTHER_SCOPE, serviceKey("webhooks").path("key").asText());
        definePlaceholders(sentAttachment());
    }

    private void definePlaceholders(JsonNode attachment) {
        long seq = ownerMessage();
        placeholders.put("group", () -> Long.toString(group));
        placeholders.put("owner", () -> Long.toString(owner.id()));
        placeholders.put("owner_name", owner::username);
        placeholders.put("seq", () -> Long.toString(seq));
        placeholders.put("attachment", () -> attachment.path("id").asText());
        placeholders.put("content_url", () -> attachment.path("url").asText());
        // The fixture's file is text: its thumbnail URL, signed like its content's, finds no thumbnail.
        placeholders.put("thumbnail_url", () -> attachment.path("url").asText().replace("/content?", "/thumbnail?"));
        placeholders.put("unique", () -> UUID.randomUUID().toString());
        placeholders.put("fresh_name", () -> "fresh" + UUID.randomUUID().toString().substring(0, 8));
        placeholders.put("fresh_seq", () -> Long.toString(ownerMessage()));
        placeholders.put("pinned_seq", this::pinnedMessage);
        placeholders.put("thread_root", this::threadRoot);
        placeholders.put("fresh_user", () -> Long.toString(http.register("fresh").id()));
        placeholders.put("fresh_member", this::freshMember);
        placeholders.put("fresh_group", () -> Long.toString(newGroup()));
        placeholders.put("spare_session", () -> Long.toString(http.login(owner.username()).sessionId()));
        placeholders.put("fresh_refresh", () -> http.login(owner.username()).refreshToken());
        placeholders.put("host_user", () -> HOST_USER);
        placeholders.put("fresh_key", () -> serviceKey("users").path("id").asText());
        placeholders.put("fresh_external", this::freshExternal);
        placeholders.put("fresh_external_member", this::freshExternalMember);
        placeholders.put("fresh_webhook", this::freshWebhook);
        placeholders.put("fresh_stream", this::freshStream);
    }

    /** The token the caller presents, or null for none; a session of its own when the call ends it. */
    String token(Caller caller, boolean spendsSession) {
        if (!spendsSession || !caller.signedIn() || caller == Caller.HOST_TOKEN_USER) return tokens.get(caller);
        return http.login(http.get("/api/v1/users/me", tokens.get(caller)).json().path("username").asText()).token();
    }

    String fill(String template) {
        if (template == null) return null;
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            Supplier<String> value = placeholders.get(matcher.group(1));
            if (value == null) throw new IllegalArgumentException("no placeholder {" + matcher.group(1) + "}");
            matcher.appendReplacement(filled, Matcher.quoteReplacement(value.get()));
        }
        return matcher.appendTail(filled).toString();
    }

    private long ownerMessage() {
        return http.send(owner, group, UUID.randomUUID().toString(), "hello matrix").path("seq").asLong();
    }

    private String pinnedMessage() {
        long seq = ownerMessage();
        http.post("/api/v1/chats/" + group + "/pins", owner.token(), Map.of("seq", seq));
        return Long.toString(seq);
    }

    /** A root message with one reply in its thread. */
    private String threadRoot() {
        long root = ownerMessage();
        http.post("/api/v1/chats/" + group + "/messages", owner.token(),
                Map.of("client_id", UUID.randomUUID().toString(), "body", "in thread", "thread_root_seq", root));
        return Long.toString(root);
    }

    /** A group of the owner with the member and the host's user, like the matrix's own group. */
    private long newGroup() {
        return http.post("/api/v1/chats", owner.token(), Map.of("kind", "group", "title", "Matrix",
                "member_ids", groupMembers)).json().path("chat").path("id").asLong();
    }

    private String freshMember() {
        long user = http.register("joiner").id();
        http.post("/api/v1/chats/" + group + "/members", owner.token(), Map.of("user_id", user));
        return Long.toString(user);
    }

    private JsonNode serviceKey(String... scopes) {
        return http.post("/api/v1/admin/keys", ADMIN_TOKEN, Map.of("name", "matrix", "scopes", scopes)).json();
    }

    /** A user the host's servers put, in no chat. */
    private String freshExternal() {
        String externalId = "fresh-" + UUID.randomUUID();
        http.request("PUT", "/api/v1/server/users/" + externalId, tokens.get(Caller.SERVICE_KEY), Map.of("display_name", "Fresh"));
        return externalId;
    }

    private String freshExternalMember() {
        String externalId = freshExternal();
        http.post("/api/v1/server/chats/" + group + "/members", tokens.get(Caller.SERVICE_KEY), Map.of("external_id", externalId));
        return externalId;
    }

    /** A streaming message of the host-token user in the group, started by the host's servers. */
    private String freshStream() {
        return http.post("/api/v1/server/chats/" + group + "/messages", tokens.get(Caller.SERVICE_KEY), Map.of("sender_external_id",
                HOST_USER, "client_id", UUID.randomUUID().toString(), "body", "", "streaming", true)).json().path("message").path("seq").asText();
    }

    /** A public address (no lookup, nothing delivered: no event of the type happens in this build). */
    private String freshWebhook() {
        return http.post("/api/v1/server/webhooks", tokens.get(Caller.SERVICE_KEY),
                Map.of("url", "https://192.0.2.1/hook", "events", new String[] {"message.unread"})).json().path("id").asText();
    }

    private JsonNode sentAttachment() {
        JsonNode uploaded = http.post("/api/v1/attachments?name=plan.txt", owner.token(), "the plan").json();
        http.post("/api/v1/chats/" + group + "/messages", owner.token(), Map.of("client_id", "with-file",
                "body", "see file", "attachment_ids", new long[] {uploaded.path("id").asLong()}));
        return uploaded;
    }

    private String revokedToken() {
        User leaving = http.register("leaving");
        http.post("/api/v1/auth/logout", leaving.token(), null);
        return leaving.token();
    }

    /** Signed with the node's own key, for the member's live session, but expired an hour ago. */
    private static String expiredToken(User user) {
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
        return new AccessTokens(JWT_SECRET.getBytes(StandardCharsets.UTF_8), Duration.ofHours(1), past)
                .issue(user.id(), user.sessionId()).token();
    }

    private static String hostToken(String subject) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject).claim("name", "Host User")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofHours(1)))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(HOST_SECRET.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    @Override
    public void close() {
        node.close();
    }
}
