package io.moolah.payment.inbox;

import io.moolah.payment.model.Payment;
import io.moolah.payment.peach.PeachClient;
import io.moolah.payment.peach.ResultCodes;
import io.moolah.payment.repository.PaymentRepository;
import io.moolah.payment.service.PaymentStatusChanges;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.util.UUID;

/**
 * Settles a Peach top-up from what Peach's status API says (never from what a notification claims), in the caller's
 * transaction: confirmed success with the intent's amount, currency and reference credits the wallet (also for a
 * FAILED top-up: the money did arrive); a rejection fails a PENDING top-up; anything else leaves it. Only forward moves,
 * guarded by the payment's version. Shared by the inbox (a notification came) and the status poll (none came).
 */
@ApplicationScoped
public class TopUpSettlement {
    private static final Logger LOG = Logger.getLogger(TopUpSettlement.class);

    /** What the status meant for the payment. */
    public enum Outcome { SUCCEEDED, FAILED, STILL_PENDING, MISMATCH, ALREADY_SETTLED }

    @Inject
    PaymentRepository payments;

    @Inject
    PaymentStatusChanges changes;

    @Transactional(Transactional.TxType.MANDATORY)
    public Outcome apply(UUID paymentId, PeachClient.Status status, String source) {
        Payment payment = payments.findById(paymentId);
        if (payment.status == Payment.Status.SUCCEEDED || payment.status == Payment.Status.REFUNDED) {
            return Outcome.ALREADY_SETTLED;
        }
        ResultCodes.Outcome confirmed = ResultCodes.classify(status.resultCode());
        if (confirmed.isSuccessful()) {
            if (status.amount() != payment.amount || !payment.currency.equals(status.currency())
                    || !payment.merchantTransactionId.equals(status.merchantTransactionId())) {
                LOG.errorf("Peach reports payment %s for checkout %s as %d %s, but the intent %s is %d %s: not credited",
                        status.paymentId(), payment.checkoutId, status.amount(), status.currency(), payment.id, payment.amount,
                        payment.currency);
                return Outcome.MISMATCH;
            }
            changes.succeeded(payment, status.paymentId(), status.resultCode(), "confirmed by Peach's status query (" + source + ")");
            return Outcome.SUCCEEDED;
        }
        if (confirmed == ResultCodes.Outcome.REJECTED && payment.status == Payment.Status.PENDING) {
            changes.failed(payment, status.resultCode(), "rejected by Peach (" + status.resultCode() + ")");
            return Outcome.FAILED;
        }
        if (confirmed == ResultCodes.Outcome.PENDING || confirmed == ResultCodes.Outcome.UNKNOWN) {
            return payment.status == Payment.Status.PENDING ? Outcome.STILL_PENDING : Outcome.ALREADY_SETTLED;
        }
        return Outcome.ALREADY_SETTLED;
    }
}
