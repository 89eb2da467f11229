package io.moolah.payment.service;

import io.moolah.events.Topics;
import io.moolah.events.payment.PaymentEventTypes;
import io.moolah.events.payment.TopUpFailed;
import io.moolah.events.payment.TopUpSucceeded;
import io.moolah.outbox.EventOutbox;
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

    @Transactional(Transactional.TxType.MANDATORY)
    public void succeeded(Payment payment, String providerPaymentId, String resultCode, String reason) {
        payment.providerPaymentId = providerPaymentId;
        payment.providerReference = providerPaymentId;
        move(payment, Payment.Status.SUCCEEDED, resultCode, reason);
        outbox.publish(Topics.PAYMENT_EVENTS, PaymentEventTypes.TOP_UP_SUCCEEDED, PaymentEventTypes.VERSION, payment.id.toString(),
                new TopUpSucceeded(payment.id, payment.walletId, payment.amount, payment.currency, payment.provider, providerPaymentId));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void failed(Payment payment, String resultCode, String reason) {
        payment.failureReason = reason;
        move(payment, Payment.Status.FAILED, resultCode, reason);
        outbox.publish(Topics.PAYMENT_EVENTS, PaymentEventTypes.TOP_UP_FAILED, PaymentEventTypes.VERSION, payment.id.toString(),
                new TopUpFailed(payment.id, payment.walletId, payment.amount, payment.currency, payment.provider, reason));
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
