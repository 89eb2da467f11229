package io.moolah.platform.web;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a failure caused by the database being unreachable (restarting, failing over, a broken connection, no
 * connection free in time) from a bug. Such a failure is a 503 with Retry-After: the request can be sent again.
 */
public final class DatabaseOutage {
    private static final int MAX_CAUSES = 16;

    private DatabaseOutage() {
    }

    public static boolean explains(Throwable failure) {
        return find(failure) != null;
    }

    public static String describe(Throwable failure) {
        Throwable cause = find(failure);
        return cause == null ? "" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static Throwable find(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
            if (isOutage(cause)) {
                return cause;
            }
        }
        return null;
    }

    static boolean isOutage(Throwable cause) {
        if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                || cause instanceof SQLRecoverableException) {
            return true;
        }
        if (cause.getClass().getName().equals("org.hibernate.exception.JDBCConnectionException")) {
            return true;
        }
        if (cause instanceof SQLException sql) {
            String state = sql.getSQLState();
            // 08: connection exceptions; 57P01-57P03: the server is shutting down, crashed or starting.
            if (state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03"))) {
                return true;
            }
            // Agroal, when no connection could be had in time: the pool could not reach the server ("Acquisition
            // timeout while waiting for new connection"), or every connection stayed busy ("Sorry, acquisition
            // timeout!", seen under the stress scenario). Either way nothing ran, and the same request may be sent again.
            String message = sql.getMessage();
            return message != null && (message.startsWith("Acquisition timeout") || message.startsWith("Sorry, acquisition timeout"));
        }
        return false;
    }
}
