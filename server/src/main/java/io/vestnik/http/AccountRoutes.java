package io.vestnik.http;

import io.vertx.ext.web.Router;
import io.vestnik.auth.AccountService;
import io.vestnik.auth.Tickets;
import io.vestnik.presence.PresenceService;
import io.vestnik.protocol.Problem;
import io.vestnik.ratelimit.Limit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Sign-up, sign-in, sessions, users, WebSocket tickets and presence. */
final class AccountRoutes {
    private AccountRoutes() {}

    static void mount(Router router, Api api, AccountService accounts, Tickets tickets, PresenceService presence) {
        router.post("/api/v1/auth/register").handler(api.limited(Limit.AUTH, 201,
                r -> accounts.register(r.body(AccountService.Register.class), device(r))));
        router.post("/api/v1/auth/login").handler(api.limited(Limit.AUTH, 200,
                r -> accounts.login(r.body(AccountService.Login.class), device(r))));
        router.post("/api/v1/auth/refresh").handler(api.limited(Limit.REFRESH,
                r -> accounts.refreshLimitKey(r.body(AccountService.Refresh.class), r.ip()), 200,
                r -> accounts.refresh(r.body(AccountService.Refresh.class))));
        router.post("/api/v1/auth/logout").handler(api.authed(Limit.WRITES, 204, r -> {
            accounts.logout(r.principal());
            return null;
        }));
        router.get("/api/v1/sessions").handler(api.authed(200,
                r -> Map.of("sessions", accounts.sessions(r.principal()))));
        router.delete("/api/v1/sessions/:id").handler(api.authed(Limit.WRITES, 204, r -> {
            accounts.deleteSession(r.principal(), r.pathId("id"));
            return null;
        }));
        router.get("/api/v1/users/me").handler(api.authed(200, r -> accounts.user(r.principal().userId())));
        router.get("/api/v1/users/:id").handler(api.authed(200, r -> accounts.user(r.pathId("id"))));
        router.post("/api/v1/ws-ticket").handler(api.authed(Limit.WRITES, 200, r -> {
            accounts.seen(r.principal());
            return Map.of("ticket", tickets.issue(r.principal()), "expires_in", tickets.ttl().toSeconds());
        }));
        router.get("/api/v1/presence").handler(api.authed(200,
                r -> Map.of("presence", presence.query(r.principal().userId(), userIds(r.query("user_ids"))))));
    }

    private static AccountService.Device device(Request r) {
        return new AccountService.Device(r.header("User-Agent"), r.ip());
    }

    private static List<Long> userIds(String raw) {
        if (raw == null || raw.isBlank()) throw Problem.invalid("Parameter 'user_ids' is required, e.g. user_ids=1,2.");
        List<Long> ids = new ArrayList<>();
        for (String part : raw.split(",")) {
            try {
                ids.add(Long.parseLong(part.trim()));
            } catch (NumberFormatException e) {
                throw Problem.invalid("Parameter 'user_ids' must be integers separated by commas.");
            }
        }
        return ids;
    }
}
