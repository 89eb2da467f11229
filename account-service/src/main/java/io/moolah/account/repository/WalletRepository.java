package io.moolah.account.repository;

import io.moolah.account.model.Wallet;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class WalletRepository implements PanacheRepositoryBase<Wallet, UUID> {

    public List<Wallet> ofCustomer(UUID customerId) {
        return list("customerId = ?1 order by createdAt", customerId);
    }

    public Optional<Wallet> findForUpdate(UUID walletId) {
        return findByIdOptional(walletId, LockModeType.PESSIMISTIC_WRITE);
    }
}
