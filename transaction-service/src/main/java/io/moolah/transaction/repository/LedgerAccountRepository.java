package io.moolah.transaction.repository;

import io.moolah.transaction.model.LedgerAccount;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class LedgerAccountRepository implements PanacheRepository<LedgerAccount> {

    public Optional<LedgerAccount> findByWalletId(UUID walletId) {
        return find("walletId", walletId).firstResultOptional();
    }
}
