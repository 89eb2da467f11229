package io.moolah.account.service;


import io.moolah.platform.phone.PhoneNumbers;
import io.moolah.account.config.AccountSettings;
import io.moolah.account.model.Customer;
import io.moolah.account.repository.CustomerRepository;
import io.moolah.account.security.PinHasher;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.UUID;

/**
 * Creates the operator account at start from {@code moolah.account.operator.phone-number} and {@code .pin} (or sets
 * its PIN when it exists). Replicas starting together are safe: the insert is conditional on the phone number.
 */
@ApplicationScoped
public class OperatorBootstrap {
    private static final Logger LOG = Logger.getLogger(OperatorBootstrap.class);

    @Inject
    AccountSettings settings;

    @Inject
    CustomerRepository customers;

    @Inject
    PinHasher hasher;

    @Inject
    EntityManager entityManager;

    void onStart(@Observes StartupEvent event) {
        var operator = settings.operator();
        if (operator.phoneNumber().isEmpty() || operator.pin().isEmpty()) {
            LOG.info("no operator configured (moolah.account.operator.phone-number and .pin)");
            return;
        }
        String phone = PhoneNumbers.normalise(operator.phoneNumber().get());
        PinPolicy.requireWellFormed(operator.pin().get());
        String pinHash = hasher.hash(operator.pin().get());
        QuarkusTransaction.requiringNew().run(() -> {
            Instant now = Instant.now();
            entityManager.createNativeQuery("""
                            insert into customer (id, phone_number, full_name, kyc_tier, role, created_at, updated_at)
                            values (:id, :phone, :name, 0, 'OPERATOR', :now, :now) on conflict (phone_number) do nothing""")
                    .setParameter("id", UUID.randomUUID()).setParameter("phone", phone)
                    .setParameter("name", operator.fullName()).setParameter("now", now)
                    .executeUpdate();
            Customer account = customers.findByPhoneNumber(phone).orElseThrow();
            if (account.role != Customer.Role.OPERATOR) {
                LOG.errorf("the operator phone number %s belongs to a customer; no operator was set up", phone);
                return;
            }
            entityManager.createNativeQuery("""
                            insert into credential (customer_id, pin_hash, failed_attempts, updated_at)
                            values (:id, :hash, 0, :now)
                            on conflict (customer_id) do update
                            set pin_hash = excluded.pin_hash, failed_attempts = 0, locked_until = null, updated_at = excluded.updated_at""")
                    .setParameter("id", account.id).setParameter("hash", pinHash).setParameter("now", now)
                    .executeUpdate();
            LOG.infof("operator account ready: %s", phone);
        });
    }
}
