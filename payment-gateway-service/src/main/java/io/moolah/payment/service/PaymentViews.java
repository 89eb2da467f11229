package io.moolah.payment.service;

import io.moolah.payment.model.Payment;
import io.moolah.payment.repository.PaymentRepository;
import io.moolah.platform.security.Caller;
import io.moolah.platform.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.UUID;

/** GET /payments/{id}: a customer sees only payments of their own wallets (anything else is 404); operators see all. */
@ApplicationScoped
public class PaymentViews {

    @Inject
    PaymentRepository payments;

    public record PaymentView(UUID paymentId, String type, String status, long amount, String currency, String provider,
                              String providerReference, Instant createdAt, Instant updatedAt) {
    }

    @Transactional
    public PaymentView view(Caller caller, String paymentId) {
        Payment payment;
        try {
            payment = payments.findById(UUID.fromString(paymentId));
        } catch (IllegalArgumentException e) {
            payment = null;
        }
        if (payment == null || (!caller.isOperator() && !caller.owns(payment.walletId))) {
            throw ProblemException.notFound("PAYMENT_NOT_FOUND", "No such payment.");
        }
        return view(payment);
    }

    static PaymentView view(Payment payment) {
        return new PaymentView(payment.id, payment.type.name(), payment.status.name(), payment.amount, payment.currency,
                payment.provider, payment.providerReference, payment.createdAt, payment.updatedAt);
    }
}
