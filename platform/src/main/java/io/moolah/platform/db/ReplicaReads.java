package io.moolah.platform.db;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.moolah.platform.web.DatabaseOutage;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Reads that may lag the primary, sent to a PostgreSQL read replica with a bounded staleness, and to the primary when
 * the replica cannot honour them (ARCHITECTURE.md "Scale-out of money", docs/sharding.md "Read replicas"):
 * <ul>
 *   <li>the replica is used only while its replay lag is at most {@code maxLag} (probed at most once per
 *       {@code recheck}; a replica that cannot be asked counts as too far behind), so no reader sees anything older;</li>
 *   <li>an answer the caller cannot use (nothing found: the row may not have reached the replica yet; or older than the
 *       version the client was given, its {@code Min-Version}) is asked again of the primary, so a client always reads its
 *       own writes.</li>
 * </ul>
 * The replica answers in a read-only transaction of its own: one connection, one server, one snapshot. One instance per
 * replica datasource and {@code database} tag (the gauge follows the first one registered); the gauge
 * {@code moolah_replica_lag_seconds{database}} reports what the last probe saw.
 */
public final class ReplicaReads {

    /** One read: what the connection answers, empty when it has nothing. */
    @FunctionalInterface
    public interface Query<T> {
        Optional<T> run(Connection connection) throws SQLException;
    }

    /** Which of the two answered (for tests and metrics). */
    public enum Source { REPLICA, PRIMARY }

    /** An answer and where it came from. */
    public record Answer<T>(Optional<T> value, Source source) {
    }

    private static final String LAG = """
            select case when not pg_is_in_recovery() then 0
                        when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
                        else coalesce(extract(epoch from now() - pg_last_xact_replay_timestamp()), 0) end""";

    private final DataSource primary;
    private final DataSource replica;
    private final long maxLagNanos;
    private final long recheckNanos;
    private final ReentrantLock probing = new ReentrantLock();
    private final Counter servedByReplica;
    private final Counter askedOfPrimary;
    private volatile long probedAt = Long.MIN_VALUE;
    private volatile double lagSeconds = Double.POSITIVE_INFINITY;

    public ReplicaReads(DataSource primary, DataSource replica, Duration maxLag, Duration recheck, MeterRegistry registry,
                        String database) {
        this.primary = primary;
        this.replica = replica;
        this.maxLagNanos = maxLag.toNanos();
        this.recheckNanos = recheck.toNanos();
        Gauge.builder("moolah_replica_lag_seconds", this, ReplicaReads::lastLagSeconds)
                .description("The read replica's replay lag at the last probe (infinite: it could not be asked)")
                .tag("database", database).register(registry);
        this.servedByReplica = Counter.builder("moolah_replica_reads_total").tag("database", database).tag("source", "replica")
                .description("Reads that may lag, by who answered them").register(registry);
        this.askedOfPrimary = Counter.builder("moolah_replica_reads_total").tag("database", database).tag("source", "primary")
                .description("Reads that may lag, by who answered them").register(registry);
    }

    /**
     * Asks the replica if it is fresh enough, and the primary if not, or if the replica's answer is empty or fails
     * {@code recentEnough} (e.g. its version is below the client's Min-Version).
     */
    public <T> Answer<T> read(Query<T> query, Predicate<T> recentEnough) throws SQLException {
        // The replica answers in one repeatable-read snapshot, so a read of several statements sees one state.
        if (replicaFresh()) {
            Optional<T> fromReplica = onReplica(query);
            if (fromReplica.isPresent() && recentEnough.test(fromReplica.get())) {
                servedByReplica.increment();
                return new Answer<>(fromReplica, Source.REPLICA);
            }
        }
        askedOfPrimary.increment();
        try (Connection connection = primary.getConnection()) {
            return new Answer<>(query.run(connection), Source.PRIMARY);
        }
    }

    /** {@link #read(Query, Predicate)} for answers that are all recent enough once found. */
    public <T> Answer<T> read(Query<T> query) throws SQLException {
        return read(query, found -> true);
    }

    /** The lag the last probe saw, in seconds (infinite when the replica could not be asked). */
    public double lastLagSeconds() {
        return lagSeconds;
    }

    /** Whether the replica's lag is within the bound, probing it when the last probe is older than {@code recheck}. */
    public boolean replicaFresh() {
        long now = System.nanoTime();
        if (probedAt == Long.MIN_VALUE || now - probedAt > recheckNanos) {
            if (probing.tryLock()) {
                try {
                    lagSeconds = probe();
                    probedAt = System.nanoTime();
                } finally {
                    probing.unlock();
                }
            }
        }
        return lagSeconds * 1e9 <= maxLagNanos;
    }

    private double probe() {
        try (Connection connection = replica.getConnection(); var statement = connection.createStatement();
             var row = statement.executeQuery(LAG)) {
            return row.next() ? Math.max(0, row.getDouble(1)) : Double.POSITIVE_INFINITY;
        } catch (SQLException e) {
            return Double.POSITIVE_INFINITY;
        }
    }

    private <T> Optional<T> onReplica(Query<T> query) throws SQLException {
        try (Connection connection = replica.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try {
                repeatableRead(connection);
                return query.run(connection);
            } finally {
                connection.rollback();
                connection.setReadOnly(false);
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            if (!replicaUnavailable(e)) {
                throw e; // a fault of the read itself would fail on the primary too
            }
            // The replica failed this read (gone, restarting, cancelled by a conflict with replay): the primary answers.
            lagSeconds = Double.POSITIVE_INFINITY;
            return Optional.empty();
        }
    }

    /**
     * Makes the transaction just begun on {@code connection} (auto-commit off) one repeatable-read snapshot. A statement
     * of the transaction, not the driver's {@code setTransactionIsolation} (a session setting, which a pooler in
     * transaction mode, PgBouncer's, would leave on a server connection for whoever gets it next).
     */
    public static void repeatableRead(Connection connection) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute("set transaction isolation level repeatable read");
        }
    }

    /** The replica cannot answer now: unreachable, shutting down, or the read was cancelled by a conflict with replay (40001). */
    private static boolean replicaUnavailable(SQLException e) {
        return DatabaseOutage.explains(e) || "40001".equals(e.getSQLState());
    }
}
