package io.vestnik.security;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The expected outcome of one operation for every {@link Caller}: an HTTP status ("404"), or for
 * WebSocket frames what the socket answered ("ack", "ok", "error:not_found"). Built from a profile
 * (who may do it) with single cells overridden, so each row of the matrix reads as one line.
 */
final class Expect {
    private final Map<Caller, String> outcomes = new EnumMap<>(Caller.class);

    private Expect(Function<Caller, String> profile) {
        for (Caller caller : Caller.values()) outcomes.put(caller, profile.apply(caller));
    }

    /** Every caller alike: a public route. */
    static Expect anyone(int status) {
        return new Expect(caller -> Integer.toString(status));
    }

    /** Any signed-in user; without a valid user token, 401. */
    static Expect signedIn(int status) {
        return new Expect(caller -> caller.signedIn() ? Integer.toString(status) : "401");
    }

    /** Members of the group; other users get 404 (the chat's existence is not revealed). */
    static Expect members(Object outcome) {
        return outsidersGet(outcome, "404");
    }

    /** The group owner (or the sender); other members get {@code memberOutcome}, outsiders 404. */
    static Expect owner(int status, int memberStatus) {
        return members(status).with(Caller.MEMBER, memberStatus).with(Caller.HOST_TOKEN_USER, memberStatus);
    }

    /** Only the operator's admin token. */
    static Expect admin(int status, int othersStatus) {
        return anyone(othersStatus).with(Caller.ADMIN_TOKEN, status);
    }

    /** A server-API route: a key with the route's scope; a key without it gets 403, any other credential 401. */
    static Expect server(int status) {
        return new Expect(caller -> !caller.isServiceKey() ? "401" : caller == Caller.SERVICE_KEY ? Integer.toString(status) : "403");
    }

    /** A webhooks route: both matrix keys hold the {@code webhooks} scope; any other credential gets 401. */
    static Expect serverWebhooks(int status) {
        return new Expect(caller -> caller.isServiceKey() ? Integer.toString(status) : "401");
    }

    /** A WebSocket frame: refused at the upgrade (401) without a user, {@code not_found} for outsiders. */
    static Expect frameOfMembers(String outcome) {
        return outsidersGet(outcome, "error:not_found");
    }

    /** A WebSocket frame any connected user may send. */
    static Expect frameOfAnyone(String outcome) {
        return new Expect(caller -> caller.signedIn() ? outcome : "401");
    }

    private static Expect outsidersGet(Object outcome, String outsiders) {
        return new Expect(caller -> !caller.signedIn() ? "401" : caller.inTheGroup() ? outcome.toString() : outsiders);
    }

    Expect with(Caller caller, Object outcome) {
        outcomes.put(caller, outcome.toString());
        return this;
    }

    String of(Caller caller) {
        return outcomes.get(caller);
    }
}
