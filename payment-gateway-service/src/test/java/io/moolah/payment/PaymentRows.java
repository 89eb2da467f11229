package io.moolah.payment;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.UUID;

/** What the tests read straight from the payment table: how many payments a wallet has (nothing recorded, say). */
@ApplicationScoped
public class PaymentRows {

    @Inject
    EntityManager database;

    @Transactional
    public long payments(UUID walletId) {
        return ((Number) database.createNativeQuery("select count(*) from payment where wallet_id = ?1").setParameter(1, walletId)
                .getSingleResult()).longValue();
    }
}
