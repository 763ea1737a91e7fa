package io.vestnik.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Where PostgreSQL is and whom to sign in as. The user and password of a libpq URL
 * ({@code postgresql://user:password@host:port/db?params}) are percent-decoded and given to the
 * driver as connection properties, never pasted into the JDBC URL, where a password holding
 * {@code &} or {@code =} would be read as more parameters. A {@code jdbc:postgresql://} URL is kept
 * as it is. {@link #toString} hides the password.
 *
 * @param user null when the URL names none (the driver's default, or the JDBC URL's own)
 * @param password null when the URL names none
 */
public record PostgresUrl(String jdbc, String user, String password) {
    private static final String JDBC_SCHEME = "jdbc:postgresql://";
    private static final String[] LIBPQ_SCHEMES = {"postgresql://", "postgres://"};

    /**
     * @throws IllegalArgumentException saying what is wrong (for "VESTNIK_DATABASE_URL ..."): no
     *     PostgreSQL URL, or a user or password holding a {@code %} that starts no percent-encoding
     */
    public static PostgresUrl parse(String url) {
        if (url.startsWith(JDBC_SCHEME)) return new PostgresUrl(url, null, null);
        for (String scheme : LIBPQ_SCHEMES) {
            if (url.startsWith(scheme)) return fromLibpq(url.substring(scheme.length()));
        }
        throw new IllegalArgumentException("must start with jdbc:postgresql://, postgresql:// or postgres://.");
    }

    private static PostgresUrl fromLibpq(String rest) {
        int at = rest.lastIndexOf('@');
        if (at < 0) return new PostgresUrl(JDBC_SCHEME + rest, null, null);
        String credentials = rest.substring(0, at);
        int colon = credentials.indexOf(':');
        String user = decode(colon < 0 ? credentials : credentials.substring(0, colon));
        String password = colon < 0 ? null : decode(credentials.substring(colon + 1));
        return new PostgresUrl(JDBC_SCHEME + rest.substring(at + 1), user, password);
    }

    /** Percent-decoding as in URLs, where (unlike in forms) {@code +} is a plus sign. */
    private static String decode(String part) {
        try {
            return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("has a % in its user or password that starts no percent-encoding (write %25 for %).");
        }
    }

    /** The user and password for {@code DriverManager.getConnection(jdbc, properties)}; empty when the URL names none. */
    public Properties credentials() {
        Properties properties = new Properties();
        if (user != null) properties.setProperty("user", user);
        if (password != null) properties.setProperty("password", password);
        return properties;
    }

    /** Host, port and database, without credentials or parameters: for logs. */
    public String where() {
        String address = jdbc.substring(JDBC_SCHEME.length());
        int query = address.indexOf('?');
        return query < 0 ? address : address.substring(0, query);
    }

    @Override
    public String toString() {
        return "PostgresUrl[" + where() + (user == null ? "" : ", user " + user) + "]";
    }
}
