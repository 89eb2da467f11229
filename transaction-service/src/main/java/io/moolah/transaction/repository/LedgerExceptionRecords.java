package io.moolah.transaction.repository;

import io.moolah.transaction.model.LedgerException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code ledger_exception} table: money set aside for an operator, and how it was resolved. */
@ApplicationScoped
public class LedgerExceptionRecords {
    private static final String SELECT = """
            select id, kind, reference, wallet_id, hold_id, amount, currency, entry_id, detail, status, created_at,
                   resolved_at, resolved_by, resolution from ledger_exception""";

    @Inject
    Sql sql;

    public long countOpen() {
        return sql.one("select count(*) from ledger_exception where status = 'OPEN'", row -> row.getLong(1)).orElse(0L);
    }

    public boolean exists(String reference) {
        return sql.one("select 1 from ledger_exception where reference = ?", row -> 1, reference).isPresent();
    }

    public void insertOpen(String kind, String reference, UUID walletId, UUID holdId, long amount, String currency, UUID entryId,
                           String detail) {
        sql.update("""
                        insert into ledger_exception (id, kind, reference, wallet_id, hold_id, amount, currency, entry_id, detail, status)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN')""",
                UUID.randomUUID(), kind, reference, walletId, holdId, amount, currency, entryId, detail);
    }

    /** The oldest 500 with this status. */
    public List<LedgerException> withStatus(String status) {
        return sql.list(SELECT + " where status = ? order by created_at limit 500", LedgerExceptionRecords::exception, status);
    }

    /** The exception, its row locked until the transaction ends. */
    public Optional<LedgerException> lock(UUID id) {
        return sql.one(SELECT + " where id = ? for update", LedgerExceptionRecords::exception, id);
    }

    public Optional<LedgerException> find(UUID id) {
        return sql.one(SELECT + " where id = ?", LedgerExceptionRecords::exception, id);
    }

    public void resolved(UUID id, UUID resolvedBy, String resolution) {
        sql.update("update ledger_exception set status = 'RESOLVED', resolved_at = now(), resolved_by = ?, resolution = ? where id = ?",
                resolvedBy, resolution, id);
    }

    private static LedgerException exception(ResultSet row) throws SQLException {
        OffsetDateTime resolvedAt = row.getObject(12, OffsetDateTime.class);
        return new LedgerException(row.getObject(1, UUID.class), row.getString(2), row.getString(3), row.getObject(4, UUID.class),
                row.getObject(5, UUID.class), row.getLong(6), row.getString(7), row.getObject(8, UUID.class),
                row.getString(9), row.getString(10), row.getObject(11, OffsetDateTime.class).toInstant(),
                resolvedAt == null ? null : resolvedAt.toInstant(), row.getObject(13, UUID.class), row.getString(14));
    }
}
