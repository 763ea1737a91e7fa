package io.vestnik.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Turns the libpq form {@code user:password@host:port/db?params} into a JDBC URL. */
final class PostgresUrl {
    private PostgresUrl() {}

    static String toJdbc(String rest) {
        String credentials = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            credentials = rest.substring(0, at);
            rest = rest.substring(at + 1);
        }
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(rest);
        if (credentials != null) {
            int colon = credentials.indexOf(':');
            String user = colon < 0 ? credentials : credentials.substring(0, colon);
            jdbc.append(rest.contains("?") ? '&' : '?').append("user=").append(decode(user));
            if (colon >= 0) jdbc.append("&password=").append(decode(credentials.substring(colon + 1)));
        }
        return jdbc.toString();
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }
}
