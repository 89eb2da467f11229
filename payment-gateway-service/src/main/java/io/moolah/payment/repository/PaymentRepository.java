package io.moolah.payment.repository;

import io.moolah.payment.model.Payment;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;
import java.time.Instant;
import io.moolah.platform.web.PageCursor;
import io.quarkus.panache.common.Parameters;
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

    /**
     * At most {@code limit} of a customer's payments created in [{@code from}, {@code to}), newest first, after
     * {@code after} (null: from the newest), of one status when given.
     */
    public List<Payment> ownNewestFirst(UUID customerId, Payment.Status status, Instant from, Instant to,
                                        PageCursor.Position after, int limit) {
        StringBuilder query = new StringBuilder("customerId = :customer and createdAt >= :from and createdAt < :to");
        Parameters parameters = Parameters.with("customer", customerId).and("from", from).and("to", to);
        if (status != null) {
            query.append(" and status = :status");
            parameters.and("status", status);
        }
        if (after != null) {
            query.append(" and (createdAt < :afterAt or (createdAt = :afterAt and id < :afterId))");
            parameters.and("afterAt", after.createdAt()).and("afterId", after.id());
        }
        return find(query.append(" order by createdAt desc, id desc").toString(), parameters).range(0, limit - 1).list();
    }
}
