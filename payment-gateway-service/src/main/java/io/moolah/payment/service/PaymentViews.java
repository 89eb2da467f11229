package io.moolah.payment.service;

import io.moolah.payment.model.Payment;
import io.moolah.payment.repository.PaymentRepository;
import io.moolah.payment.repository.ReplicaPaymentReads;
import io.moolah.platform.security.Caller;
import io.moolah.platform.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * GET /payments/{id}: a customer sees only payments of their own wallets (anything else is 404), read from a replica
 * within the staleness bound; operators see all, read from the primary.
 */
@ApplicationScoped
public class PaymentViews {

    @Inject
    PaymentRepository payments;

    @Inject
    ReplicaPaymentReads replica;

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

    /**
     * A customer's own payment as the read replica has it within the staleness bound (the primary when it has not got
     * it yet); an operator's read comes from the primary, since operators act on what they read (a refund, say).
     */
    public PaymentView view(Caller caller, String paymentId) {
        UUID id;
        try {
            id = UUID.fromString(paymentId);
        } catch (IllegalArgumentException e) {
            throw notFound();
        }
        Optional<Payment> payment = caller.isOperator() ? onPrimary(id) : replica.payment(id);
        if (payment.isEmpty() || (!caller.isOperator() && !caller.owns(payment.get().walletId))) {
            throw notFound();
        }
        return view(payment.get());
    }

    /** Intercepted though called from within: ArC intercepts self-invocation of non-private methods. */
    @Transactional
    Optional<Payment> onPrimary(UUID id) {
        return payments.findByIdOptional(id);
    }

    private static ProblemException notFound() {
        return ProblemException.notFound("PAYMENT_NOT_FOUND", "No such payment.");
    }

    static PaymentView view(Payment payment) {
        return new PaymentView(payment.id, payment.type.name(), payment.status.name(), payment.amount, payment.currency,
                payment.provider, payment.providerReference, payment.createdAt, payment.updatedAt);
    }
}
