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
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** GET /payments/{id}: a customer sees only payments of their own wallets (anything else is 404); operators see all. */
@ApplicationScoped
public class PaymentViews {

    @Inject
    PaymentRepository payments;

    @Schema(name = "Payment", description = "A top-up or QR payment.")
    public record PaymentView(@Schema(required = true) UUID paymentId,
                              @Schema(required = true, enumeration = {"TOPUP", "QR_PAYMENT"}) String type,
                              @Schema(required = true, enumeration = {"PENDING", "SUCCEEDED", "FAILED", "CANCELLED", "REFUNDED"})
                              String status,
                              @Schema(required = true, description = "Cents.") long amount,
                              @Schema(required = true) String currency,
                              @Schema(required = true, enumeration = {"PEACH", "ZAPPER"}) String provider,
                              @Schema(required = true, nullable = true, description = "The provider's id of the payment; null until it has one.")
                              String providerReference,
                              @Schema(required = true) Instant createdAt,
                              @Schema(required = true) Instant updatedAt) {
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
