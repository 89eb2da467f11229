package io.moolah.transaction.service;

import io.moolah.platform.security.Caller;
import io.moolah.platform.web.ProblemException;
import io.moolah.transaction.model.Approval;
import io.moolah.transaction.repository.ApprovalRecords;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Four eyes on the operators' money movements: a reversal, or an adjustment above the configured amount, is recorded as
 * a pending approval; a second operator approves it (the entry is posted then, in the same transaction) or anyone with
 * the operator role rejects it. The requester can never approve their own ({@code SAME_OPERATOR}).
 */
@ApplicationScoped
public class Approvals {
    public enum Kind { REVERSAL, ADJUSTMENT }

    @Inject
    ApprovalRecords records;

    @Inject
    AdminLedgerService ledger;

    @Schema(name = "PendingApproval", requiredProperties = {"approvalId", "status"})
    public record Pending(UUID approvalId, @Schema(enumeration = "PENDING_APPROVAL") String status) {
    }

    @Schema(name = "ApprovalRejectRequest", requiredProperties = "reason")
    public record RejectRequest(@Schema(description = "At most 140 characters.", maxLength = 140) String reason) {
    }

    /** Records a reversal or adjustment for a second operator; the caller's transaction (an idempotent request). */
    @Transactional(Transactional.TxType.MANDATORY)
    Pending request(Caller operator, Kind kind, UUID transactionId, UUID walletId, Long amount, String currency, String reason) {
        UUID id = UUID.randomUUID();
        records.insertPending(id, kind.name(), operator.customerId(), transactionId, walletId, amount, currency, reason);
        return new Pending(id, "PENDING_APPROVAL");
    }

    /** Approves and posts; the answer is the posted transaction, as the request would have had it without approval. */
    @Transactional
    public Object approve(Caller approver, String idText) {
        Approval approval = lockPending(idText);
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
        records.approved(approval.approvalId(), approver.customerId(), entryId);
        return posted;
    }

    @Transactional
    public Approval reject(Caller operator, String idText, RejectRequest request) {
        String reason = Amounts.text("reason", request == null ? null : request.reason(), true);
        Approval approval = lockPending(idText);
        records.rejected(approval.approvalId(), operator.customerId(), reason);
        return records.find(approval.approvalId()).orElseThrow();
    }

    public List<Approval> list(String status) {
        String wanted = status == null || status.isBlank() ? "PENDING" : status;
        if (!List.of("PENDING", "APPROVED", "REJECTED").contains(wanted)) {
            throw ProblemException.invalidField("status", "must be PENDING, APPROVED or REJECTED");
        }
        return records.withStatus(wanted);
    }

    private Approval lockPending(String idText) {
        UUID id;
        try {
            id = UUID.fromString(idText);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ProblemException.notFound("APPROVAL_NOT_FOUND", "No such approval.");
        }
        Approval approval = records.lock(id)
                .orElseThrow(() -> ProblemException.notFound("APPROVAL_NOT_FOUND", "No such approval."));
        if (!approval.status().equals("PENDING")) {
            throw ProblemException.conflict("APPROVAL_NOT_PENDING", "This approval was " + approval.status().toLowerCase() + " already.");
        }
        return approval;
    }
}
