package io.moolah.platform.messaging;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Tells a failure that will pass (the database or the broker is down, slow or busy) from one that will happen again
 * on every attempt (a record the handler cannot apply). A consumer retries the first kind without limit, since
 * setting such an event aside would skip money that is merely late, and sets aside only the second kind.
 */
public final class Failures {
    /**
     * SQLSTATE classes of conditions that pass: 08 connection, 40 rollback (serialization, deadlock), 53 insufficient
     * resources, 57 operator intervention (shutdown, cannot connect now, query cancelled), 58 system error, and 55P03
     * lock not available.
     */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "57", "58");

    private Failures() {
    }

    public static boolean isTransient(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable cause = failure; cause != null && seen.put(cause, Boolean.TRUE) == null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientException || cause instanceof SQLRecoverableException || cause instanceof IOException
                    || cause instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
            if (cause instanceof SQLException sql && isTransientState(sql.getSQLState())) {
                return true;
            }
            String type = cause.getClass().getName();
            // Named, not imported: the platform does not depend on these libraries.
            if (type.equals("org.apache.kafka.common.errors.RetriableException") || isKafkaRetriable(cause)
                    || type.equals("org.hibernate.exception.JDBCConnectionException")
                    || type.equals("jakarta.persistence.QueryTimeoutException")
                    || type.equals("jakarta.persistence.LockTimeoutException")
                    || type.equals("jakarta.persistence.PessimisticLockException")
                    || type.equals("org.hibernate.exception.LockAcquisitionException")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A pool that cannot hand out a connection (Agroal's acquisition timeout) reports an SQLException without a state:
     * the database cannot be reached, which passes.
     */
    static boolean isTransientState(String state) {
        return state == null || state.length() < 2 || TRANSIENT_CLASSES.contains(state.substring(0, 2)) || state.equals("55P03");
    }

    private static boolean isKafkaRetriable(Throwable cause) {
        for (Class<?> type = cause.getClass(); type != null; type = type.getSuperclass()) {
            if (type.getName().equals("org.apache.kafka.common.errors.RetriableException")) {
                return true;
            }
        }
        return false;
    }
}
