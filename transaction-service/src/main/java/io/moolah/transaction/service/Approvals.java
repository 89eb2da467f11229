package io.moolah.transaction.service;

import io.moolah.platform.security.Caller;
import io.moolah.platform.web.ProblemException;
import io.moolah.transaction.repository.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Four eyes on the operators' money movements: a reversal, or an adjustment above the configured amount, is recorded as
 * a pending approval; a second operator approves it (the entry is posted then, in the same transaction) or anyone with
 * the operator role rejects it. The requester can never approve their own ({@code SAME_OPERATOR}).
 */
@ApplicationScoped
public class Approvals {
    public enum Kind { REVERSAL, ADJUSTMENT }

    @Inject
    Sql sql;

    @Inject
    AdminLedgerService ledger;

    public record Pending(UUID approvalId, String status) {
    }

    public record View(UUID approvalId, String kind, String status, UUID requestedBy, Instant requestedAt, UUID transactionId,
                       UUID walletId, Long amount, String currency, String reason, UUID decidedBy, Instant decidedAt,
                       String decisionReason, UUID entryId) {
    }

    public record RejectRequest(String reason) {
    }

    /** Records a reversal or adjustment for a second operator; the caller's transaction (an idempotent request). */
    @Transactional(Transactional.TxType.MANDATORY)
    Pending request(Caller operator, Kind kind, UUID transactionId, UUID walletId, Long amount, String currency, String reason) {
        UUID id = UUID.randomUUID();
        sql.update("""
                        insert into approval (id, kind, status, requested_by, transaction_id, wallet_id, amount, currency, reason)
                        values (?, ?, 'PENDING', ?, ?, ?, ?, ?, ?)""",
                id, kind.name(), operator.customerId(), transactionId, walletId, amount, currency, reason);
        return new Pending(id, "PENDING_APPROVAL");
    }

    /** Approves and posts; the answer is the posted transaction, as the request would have had it without approval. */
    @Transactional
    public Object approve(Caller approver, String idText) {
        View approval = lockPending(idText);
        if (approval.requestedBy().equals(approver.customerId())) {
            throw new ProblemException(403, "SAME_OPERATOR", "Forbidden", "A second operator must approve this.");
        }
        Object posted;
        UUID entryId;
        if (Kind.valueOf(approval.kind()) == Kind.REVERSAL) {
            AdminLedgerService.Reversal reversal = ledger.postReversal(approval.requestedBy(), approval.transactionId(), approval.reason());
            posted = reversal;
            entryId = reversal.transactionId();
        } else {
            AdminLedgerService.Adjustment adjustment = ledger.postAdjustment(approval.requestedBy(), approval.walletId(),
                    approval.amount(), approval.currency(), approval.reason());
            posted = adjustment;
            entryId = adjustment.transactionId();
        }
        sql.update("update approval set status = 'APPROVED', decided_by = ?, decided_at = now(), entry_id = ? where id = ?",
                approver.customerId(), entryId, approval.approvalId());
        return posted;
    }

    @Transactional
    public View reject(Caller operator, String idText, RejectRequest request) {
        String reason = Amounts.text("reason", request == null ? null : request.reason(), true);
        View approval = lockPending(idText);
        sql.update("update approval set status = 'REJECTED', decided_by = ?, decided_at = now(), decision_reason = ? where id = ?",
                operator.customerId(), reason, approval.approvalId());
        return find(approval.approvalId());
    }

    public List<View> list(String status) {
        String wanted = status == null || status.isBlank() ? "PENDING" : status;
        if (!List.of("PENDING", "APPROVED", "REJECTED").contains(wanted)) {
            throw ProblemException.invalidField("status", "must be PENDING, APPROVED or REJECTED");
        }
        return sql.list(SELECT + " where status = ? order by requested_at desc limit 500", Approvals::view, wanted);
    }

    private View lockPending(String idText) {
        UUID id;
        try {
            id = UUID.fromString(idText);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ProblemException.notFound("APPROVAL_NOT_FOUND", "No such approval.");
        }
        View approval = sql.one(SELECT + " where id = ? for update", Approvals::view, id)
                .orElseThrow(() -> ProblemException.notFound("APPROVAL_NOT_FOUND", "No such approval."));
        if (!approval.status().equals("PENDING")) {
            throw ProblemException.conflict("APPROVAL_NOT_PENDING", "This approval was " + approval.status().toLowerCase() + " already.");
        }
        return approval;
    }

    private View find(UUID id) {
        return sql.one(SELECT + " where id = ?", Approvals::view, id).orElseThrow();
    }

    private static final String SELECT = """
            select id, kind, status, requested_by, requested_at, transaction_id, wallet_id, amount, currency, reason,
                   decided_by, decided_at, decision_reason, entry_id from approval""";

    private static View view(java.sql.ResultSet row) throws java.sql.SQLException {
        long amount = row.getLong(8);
        Long amountOrNull = row.wasNull() ? null : amount;
        OffsetDateTime decidedAt = row.getObject(12, OffsetDateTime.class);
        return new View(row.getObject(1, UUID.class), row.getString(2), row.getString(3), row.getObject(4, UUID.class),
                row.getObject(5, OffsetDateTime.class).toInstant(), row.getObject(6, UUID.class), row.getObject(7, UUID.class),
                amountOrNull, row.getString(9), row.getString(10), row.getObject(11, UUID.class),
                decidedAt == null ? null : decidedAt.toInstant(), row.getString(13), row.getObject(14, UUID.class));
    }
}
