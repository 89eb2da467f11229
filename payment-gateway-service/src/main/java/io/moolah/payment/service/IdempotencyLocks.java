package io.moolah.payment.service;

import io.moolah.platform.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.UUID;

/**
 * Marks a customer's Idempotency-Key as in flight for the rest of the caller's transaction: a transaction-scoped
 * advisory lock on (customer, key), the scope of the payments' unique key index, as the ledger does for its keys. A
 * second request with the key while the first holds it is answered 409 {@code REQUEST_IN_PROGRESS} at once. The lock
 * goes with the transaction, also when the process dies, so a crash never leaves a key stuck.
 */
@ApplicationScoped
public class IdempotencyLocks {

    @Inject
    EntityManager entityManager;

    /**
     * Takes the key's lock or answers 409. Statements after this one read from a snapshot taken after the lock was
     * granted (READ COMMITTED), so they see whatever the previous holder committed.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockOrConflict(UUID customerId, String key) {
        lockOrConflict("payment\n" + customerId + "\n" + key);
    }

    /**
     * The same for any named thing that only one request may work on at a time (a refund's key, the payment a refund
     * is for): a transaction-scoped advisory lock on the name, or 409 {@code REQUEST_IN_PROGRESS}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockOrConflict(String name) {
        Object locked = entityManager.createNativeQuery("select pg_try_advisory_xact_lock(hashtextextended(?1, 0))")
                .setParameter(1, name)
                .getSingleResult();
        if (!Boolean.TRUE.equals(locked)) {
            throw ProblemException.conflict("REQUEST_IN_PROGRESS",
                    "A request with this Idempotency-Key is still being processed; retry shortly.");
        }
    }
}
