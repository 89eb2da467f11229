package io.moolah.transaction.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.agroal.api.AgroalDataSource;
import io.moolah.transaction.shard.LedgerShards;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plain SQL on the current transaction's connection. The ledger's hot path is a handful of short statements with row
 * locks taken in a fixed order; written out in SQL they are exactly what runs, with no flush-order surprises, and
 * without an ORM session to open, flush and close on every request (measured: that was a good part of a transfer's
 * CPU time).
 */
@ApplicationScoped
public class Sql {

    /**
     * The current unit of work's shard ({@code ShardScope}; shard 0 outside any). Its pool is enlisted in JTA: inside a
     * transaction every call gets that transaction's one connection.
     */
    @Inject
    LedgerShards shards;

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Where the statements run; {@link ReplicaSql} reads from the replicas instead. */
    protected AgroalDataSource dataSource() {
        return shards.currentShard().primary();
    }

    public <T> T work(Work<T> work) {
        try (Connection connection = dataSource().getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    public <T> List<T> list(String sql, RowMapper<T> mapper, Object... parameters) {
        return work(connection -> list(connection, sql, mapper, parameters));
    }

    /** A query on a connection the caller holds (several statements in one unit of work). */
    public static <T> List<T> list(Connection connection, String sql, RowMapper<T> mapper, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters); ResultSet rows = statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        }
    }

    public <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... parameters) {
        List<T> rows = list(sql, mapper, parameters);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    public int update(String sql, Object... parameters) {
        return work(connection -> {
            try (PreparedStatement statement = prepare(connection, sql, parameters)) {
                return statement.executeUpdate();
            }
        });
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object[] parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        bind(statement, parameters);
        return statement;
    }

    private static void bind(PreparedStatement statement, Object[] parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i];
            if (value instanceof java.time.Instant instant) {
                statement.setObject(i + 1, java.time.OffsetDateTime.ofInstant(instant, java.time.ZoneOffset.UTC));
            } else {
                statement.setObject(i + 1, value);
            }
        }
    }

    /** A database failure: unexpected by the caller, so it ends as a logged 500 and a rolled-back transaction. */
    public static final class DataAccessException extends RuntimeException {
        public DataAccessException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
