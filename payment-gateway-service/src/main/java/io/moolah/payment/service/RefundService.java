package io.moolah.payment.service;

import io.moolah.payment.ledger.LedgerHolds;
import io.moolah.payment.model.Payment;
import io.moolah.payment.peach.PeachClient;
import io.moolah.payment.peach.ResultCodes;
import io.moolah.payment.repository.PaymentRepository;
import io.moolah.platform.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Refunds a top-up to the card, in full, once. The money is first held in the wallet (with the operator's token), so a
 * card is never refunded for money the customer has already spent: a wallet that no longer has it refuses (422
 * INSUFFICIENT_FUNDS) and nothing else happens. Then Peach refunds (paymentType RF). Success: REFUNDED and
 * RefundSucceeded, on which the ledger captures the hold into Peach's clearing account. Declined: RefundFailed, the
 * hold is voided. Unknown (a timeout): the refund stays UNKNOWN and is not retried blindly (Peach has no idempotency
 * key); the hold lapses after an hour and the day's reconciliation shows what Peach did.
 */
@ApplicationScoped
public class RefundService {
    private static final Logger LOG = Logger.getLogger(RefundService.class);

    @Inject
    PaymentRepository payments;

    @Inject
    PaymentStatusChanges changes;

    @Inject
    LedgerHolds holds;

    @Inject
    PeachClient peach;

    @Inject
    IdempotencyLocks locks;

    /**
     * Longer than a refund's calls can take (the ledger's hold, 10 s; Peach's refund): a PENDING refund younger than this
     * is in flight (409 REQUEST_IN_PROGRESS), an older one was left unsettled by a crash (409 REFUND_ALREADY_TRIED).
     */
    static final Duration IN_FLIGHT = Duration.ofMinutes(2);

    /** The answer: the payment's status after the refund, the provider's id of the refund, and whether it was done before. */
    @Schema(name = "Refund", description = "A refunded top-up.")
    public record Refunded(@Schema(required = true) UUID paymentId,
                           @Schema(required = true, enumeration = "REFUNDED") String status,
                           @Schema(required = true, enumeration = "SUCCEEDED") String refundStatus,
                           @Schema(required = true, description = "Peach's id of the refund.") String refundReference,
                           @Schema(required = true, description = "true when the payment was refunded before (answered 200).")
                           boolean replayed) {
    }

    public Refunded refund(String key, String paymentIdText, String reason) {
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw ProblemException.invalidField("reason", "is required (at most 500 characters)");
        }
        Payment payment = claim(paymentIdText, key);
        if (payment.status == Payment.Status.REFUNDED) {
            return new Refunded(payment.id, payment.status.name(), payment.refundStatus, payment.refundReference, true);
        }
        LedgerHolds.Outcome hold = holds.placeForRefund(payment.id, payment.walletId, payment.amount, payment.currency);
        if (!hold.placed()) {
            release(payment.id);
            if (hold.refused()) {
                throw new ProblemException(hold.status(), hold.code(), "Refund refused",
                        "The wallet cannot give the money back: " + hold.detail());
            }
            throw new ProblemException(503, "LEDGER_UNAVAILABLE", "Ledger unavailable", "The ledger cannot be reached; nothing was refunded.");
        }
        PeachClient.Refund refund;
        try {
            refund = peach.refund(payment.providerPaymentId, payment.amount, payment.currency);
        } catch (PeachClient.ProviderUnavailable e) {
            LOG.errorf("refund of %s: Peach's answer is unknown (%s); not retried", payment.id, e.getMessage());
            markUnknown(payment.id);
            throw new ProblemException(503, "REFUND_OUTCOME_UNKNOWN", "Refund outcome unknown",
                    "Peach did not answer; check the day's reconciliation before trying anything else.");
        }
        if (ResultCodes.classify(refund.resultCode()).isSuccessful()) {
            Payment refunded = refunded(payment.id, refund.refundId());
            return new Refunded(refunded.id, refunded.status.name(), refunded.refundStatus, refunded.refundReference, false);
        }
        declined(payment.id, refund.resultCode());
        throw ProblemException.unprocessable("REFUND_DECLINED", "Peach declined the refund (" + refund.resultCode() + ").");
    }

    /**
     * Marks the refund as started under the request's Idempotency-Key; only a SUCCEEDED top-up without an earlier
     * refund attempt can be refunded. Holds, for its short transaction, an advisory lock on the key and one on the
     * payment (either taken: 409 REQUEST_IN_PROGRESS) and the payment's row, so racing requests never collide on the
     * row's version. The key is recorded with the refund: the same key for another payment is 422
     * IDEMPOTENCY_KEY_REUSED, for the same payment a replay (the refund's state, as for any request on it).
     */
    @Transactional
    Payment claim(String paymentIdText, String key) {
        UUID paymentId;
        try {
            paymentId = UUID.fromString(paymentIdText);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ProblemException.notFound("PAYMENT_NOT_FOUND", "No such payment.");
        }
        locks.lockOrConflict("refund-key\n" + key);
        locks.lockOrConflict("refund\n" + paymentId);
        Payment payment = payments.findById(paymentId, LockModeType.PESSIMISTIC_WRITE);
        if (payment == null) {
            throw ProblemException.notFound("PAYMENT_NOT_FOUND", "No such payment.");
        }
        Payment keyed = payments.find("refundIdempotencyKey", key).firstResult();
        if (keyed != null && !keyed.id.equals(payment.id)) {
            throw ProblemException.unprocessable("IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was used for another request.");
        }
        if (payment.type != Payment.Type.TOPUP || (payment.status != Payment.Status.SUCCEEDED && payment.status != Payment.Status.REFUNDED)) {
            throw ProblemException.conflict("NOT_REFUNDABLE", "Only a succeeded top-up can be refunded.");
        }
        if (payment.status == Payment.Status.SUCCEEDED && "PENDING".equals(payment.refundStatus)
                && payment.refundRequestedAt != null && payment.refundRequestedAt.isAfter(Instant.now().minus(IN_FLIGHT))) {
            throw ProblemException.conflict("REQUEST_IN_PROGRESS", "A refund of this payment is being processed; retry shortly.");
        }
        if (payment.status == Payment.Status.SUCCEEDED && payment.refundStatus != null) {
            throw ProblemException.conflict("REFUND_ALREADY_TRIED", "A refund of this payment was tried before ("
                    + payment.refundStatus.toLowerCase() + "); settle it by hand.");
        }
        if (payment.status == Payment.Status.SUCCEEDED) {
            payment.refundStatus = "PENDING";
            payment.refundIdempotencyKey = key;
            payment.refundRequestedAt = Instant.now();
        }
        return payment;
    }

    @Transactional
    void release(UUID paymentId) {
        Payment payment = payments.findById(paymentId);
        if ("PENDING".equals(payment.refundStatus)) {
            payment.refundStatus = null;
        }
    }

    @Transactional
    void markUnknown(UUID paymentId) {
        payments.findById(paymentId).refundStatus = "UNKNOWN";
    }

    @Transactional
    Payment refunded(UUID paymentId, String refundReference) {
        Payment payment = payments.findById(paymentId);
        changes.refunded(payment, refundReference);
        return payment;
    }

    @Transactional
    void declined(UUID paymentId, String resultCode) {
        changes.refundFailed(payments.findById(paymentId), "declined by Peach (" + resultCode + ")");
    }
}
