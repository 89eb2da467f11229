package io.moolah.payment.service;

import io.moolah.events.Topics;
import io.moolah.events.payment.PaymentEventTypes;
import io.moolah.events.payment.QrPaymentFailed;
import io.moolah.events.payment.QrPaymentSucceeded;
import io.moolah.events.payment.RefundFailed;
import io.moolah.events.payment.RefundSucceeded;
import io.moolah.events.payment.TopUpFailed;
import io.moolah.events.payment.TopUpSucceeded;
import io.moolah.outbox.EventOutbox;
import io.moolah.payment.ledger.LedgerHolds;
import io.moolah.payment.model.Payment;
import io.moolah.payment.model.PaymentTransition;
import io.moolah.payment.repository.PaymentTransitionRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;

/**
 * The one place a payment's status moves: the move, its line in {@code payment_transition}, and the event that
 * reports it, all in the caller's transaction (so the ledger hears of a success exactly when it is recorded).
 */
@ApplicationScoped
public class PaymentStatusChanges {

    @Inject
    PaymentTransitionRepository transitions;

    @Inject
    EventOutbox outbox;

    /** A top-up paid (the ledger credits the wallet) or a QR payment paid (the ledger captures its hold). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void succeeded(Payment payment, String providerPaymentId, String resultCode, String reason) {
        payment.providerPaymentId = providerPaymentId;
        payment.providerReference = providerPaymentId;
        move(payment, Payment.Status.SUCCEEDED, resultCode, reason);
        if (payment.type == Payment.Type.QR_PAYMENT) {
            publish(payment, PaymentEventTypes.QR_PAYMENT_SUCCEEDED, new QrPaymentSucceeded(payment.id, payment.walletId, payment.amount,
                    payment.currency, LedgerHolds.referenceOf(payment.id), providerPaymentId, payment.merchantName));
        } else {
            publish(payment, PaymentEventTypes.TOP_UP_SUCCEEDED,
                    new TopUpSucceeded(payment.id, payment.walletId, payment.amount, payment.currency, payment.provider, providerPaymentId));
        }
    }

    /** A top-up that brings no money, or a QR payment that did not pay the merchant (the ledger voids its hold, if any). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void failed(Payment payment, String resultCode, String reason) {
        payment.failureReason = reason;
        move(payment, Payment.Status.FAILED, resultCode, reason);
        if (payment.type == Payment.Type.QR_PAYMENT) {
            publish(payment, PaymentEventTypes.QR_PAYMENT_FAILED, new QrPaymentFailed(payment.id, payment.walletId, payment.amount,
                    payment.currency, LedgerHolds.referenceOf(payment.id), reason));
        } else {
            publish(payment, PaymentEventTypes.TOP_UP_FAILED,
                    new TopUpFailed(payment.id, payment.walletId, payment.amount, payment.currency, payment.provider, reason));
        }
    }

    /** A top-up refunded to the card: the ledger takes the money (held for it) from the wallet back to the provider. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void refunded(Payment payment, String refundReference) {
        payment.refundStatus = "SUCCEEDED";
        payment.refundReference = refundReference;
        move(payment, Payment.Status.REFUNDED, "RF", "refunded by the provider (" + refundReference + ")");
        publish(payment, PaymentEventTypes.REFUND_SUCCEEDED, new RefundSucceeded(payment.id, payment.walletId, payment.amount,
                payment.currency, payment.provider, LedgerHolds.refundReferenceOf(payment.id), refundReference));
    }

    /** The provider refused the refund: the hold on the wallet is released. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void refundFailed(Payment payment, String reason) {
        payment.refundStatus = "FAILED";
        payment.updatedAt = Instant.now();
        append(payment, payment.status.name(), payment.status.name(), "refund refused: " + reason);
        publish(payment, PaymentEventTypes.REFUND_FAILED, new RefundFailed(payment.id, payment.walletId, payment.amount,
                payment.currency, LedgerHolds.refundReferenceOf(payment.id), reason));
    }

    /** A QR payment moving to its next step; the step is what recovery resumes from. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void stepped(Payment payment, String step) {
        payment.step = step;
        payment.updatedAt = Instant.now();
    }

    private void publish(Payment payment, String type, Object event) {
        outbox.publish(Topics.PAYMENT_EVENTS, type, PaymentEventTypes.VERSION, payment.id.toString(), event);
    }

    /** The first line of a payment's history. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void created(Payment payment) {
        append(payment, null, payment.status.name(), "created");
    }

    private void move(Payment payment, Payment.Status to, String resultCode, String reason) {
        String from = payment.status.name();
        payment.status = to;
        payment.resultCode = resultCode;
        payment.updatedAt = Instant.now();
        append(payment, from, to.name(), reason);
    }

    private void append(Payment payment, String from, String to, String reason) {
        PaymentTransition transition = new PaymentTransition();
        transition.paymentId = payment.id;
        transition.fromStatus = from;
        transition.toStatus = to;
        transition.reason = reason;
        transition.at = Instant.now();
        transitions.persist(transition);
    }
}
