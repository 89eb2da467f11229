package io.moolah.account.repository;

import io.moolah.account.model.Credential;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class CredentialRepository implements PanacheRepositoryBase<Credential, UUID> {

    public Optional<Credential> findForUpdate(UUID customerId) {
        return findByIdOptional(customerId, LockModeType.PESSIMISTIC_WRITE);
    }
}
