package io.moolah.payment.repository;

import io.moolah.payment.model.Payment;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class PaymentRepository implements PanacheRepositoryBase<Payment, UUID> {

    public Optional<Payment> byIdempotencyKey(UUID customerId, String key) {
        return find("customerId = ?1 and idempotencyKey = ?2", customerId, key).firstResultOptional();
    }

    public Optional<Payment> byMerchantTransactionId(String merchantTransactionId) {
        return find("merchantTransactionId", merchantTransactionId).firstResultOptional();
    }

    public Optional<Payment> byCheckoutId(String checkoutId) {
        return find("checkoutId", checkoutId).firstResultOptional();
    }
}
