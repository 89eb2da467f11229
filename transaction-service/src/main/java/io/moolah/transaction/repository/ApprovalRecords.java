package io.moolah.transaction.repository;

import io.moolah.transaction.model.Approval;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code approval} table: pending four-eyes requests and their decisions. */
@ApplicationScoped
public class ApprovalRecords {
    private static final String SELECT = """
            select id, kind, status, requested_by, requested_at, transaction_id, wallet_id, amount, currency, reason,
                   decided_by, decided_at, decision_reason, entry_id from approval""";

    @Inject
    Sql sql;

    public void insertPending(UUID id, String kind, UUID requestedBy, UUID transactionId, UUID walletId, Long amount,
                              String currency, String reason) {
        sql.update("""
                        insert into approval (id, kind, status, requested_by, transaction_id, wallet_id, amount, currency, reason)
                        values (?, ?, 'PENDING', ?, ?, ?, ?, ?, ?)""",
                id, kind, requestedBy, transactionId, walletId, amount, currency, reason);
    }

    /** The approval, its row locked until the transaction ends. */
    public Optional<Approval> lock(UUID id) {
        return sql.one(SELECT + " where id = ? for update", ApprovalRecords::approval, id);
    }

    public Optional<Approval> find(UUID id) {
        return sql.one(SELECT + " where id = ?", ApprovalRecords::approval, id);
    }

    /** The newest 500 with this status. */
    public List<Approval> withStatus(String status) {
        return sql.list(SELECT + " where status = ? order by requested_at desc limit 500", ApprovalRecords::approval, status);
    }

    public void approved(UUID id, UUID decidedBy, UUID entryId) {
        sql.update("update approval set status = 'APPROVED', decided_by = ?, decided_at = now(), entry_id = ? where id = ?",
                decidedBy, entryId, id);
    }

    public void rejected(UUID id, UUID decidedBy, String reason) {
        sql.update("update approval set status = 'REJECTED', decided_by = ?, decided_at = now(), decision_reason = ? where id = ?",
                decidedBy, reason, id);
    }

    private static Approval approval(ResultSet row) throws SQLException {
        long amount = row.getLong(8);
        Long amountOrNull = row.wasNull() ? null : amount;
        OffsetDateTime decidedAt = row.getObject(12, OffsetDateTime.class);
        return new Approval(row.getObject(1, UUID.class), row.getString(2), row.getString(3), row.getObject(4, UUID.class),
                row.getObject(5, OffsetDateTime.class).toInstant(), row.getObject(6, UUID.class), row.getObject(7, UUID.class),
                amountOrNull, row.getString(9), row.getString(10), row.getObject(11, UUID.class),
                decidedAt == null ? null : decidedAt.toInstant(), row.getString(13), row.getObject(14, UUID.class));
    }
}
