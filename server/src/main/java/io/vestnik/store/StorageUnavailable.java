package io.vestnik.store;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a failure that means "the database cannot be reached right now" from every other one.
 * Such a failure says nothing about the request (retrying it later may well succeed), so the
 * transports answer it with {@code unavailable} (503, Retry-After) instead of an internal error.
 * The one place that knows what JDBC, the PostgreSQL driver and HikariCP throw in an outage;
 * the stores themselves stay free of client-facing errors, as they do for {@link MessageStore.Refused}.
 */
public final class StorageUnavailable {
    /** What a client should wait before retrying: a pool borrow gives up in about two seconds. */
    public static final long RETRY_AFTER_SECONDS = 3;

    private StorageUnavailable() {}

    /**
     * True when {@code failure}'s cause chain holds a transient connection failure (HikariCP's
     * "Connection is not available, request timed out" is one), a connection exception (SQLState
     * class 08), or a server shutting down, crashed or starting up (57P01, 57P02, 57P03).
     */
    public static boolean causes(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException) return true;
            if (t instanceof SQLException sql && unreachable(sql.getSQLState())) return true;
        }
        return false;
    }

    private static boolean unreachable(String state) {
        if (state == null) return false;
        return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03");
    }
}
