package io.moolah.account.repository;

import io.moolah.account.model.Customer;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class CustomerRepository implements PanacheRepositoryBase<Customer, UUID> {

    public Optional<Customer> findForUpdate(UUID customerId) {
        return findByIdOptional(customerId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
    }

    public Optional<Customer> findByPhoneNumber(String phoneNumber) {
        return find("phoneNumber", phoneNumber).firstResultOptional();
    }
}
