package io.vestnik.http;

import io.vertx.ext.web.RoutingContext;
import io.vestnik.auth.Principal;
import io.vestnik.protocol.Check;
import io.vestnik.protocol.Json;

/** What a route's work reads from its request; safe to use from the virtual thread. */
public record Request(RoutingContext ctx, Principal principal, String ip) {

    public <T> T body(Class<T> type) {
        var body = ctx.body();
        return Json.read(body == null || body.buffer() == null ? new byte[0] : body.buffer().getBytes(), type);
    }

    public long pathId(String name) {
        return Check.number(ctx.pathParam(name), name);
    }

    /** A path parameter as it is, decoded; not checked. */
    public String path(String name) {
        return ctx.pathParam(name);
    }

    public String query(String name) {
        return ctx.request().getParam(name);
    }

    public Long queryLong(String name) {
        String value = query(name);
        return value == null || value.isEmpty() ? null : Check.number(value, name);
    }

    public String header(String name) {
        return ctx.request().getHeader(name);
    }

}
