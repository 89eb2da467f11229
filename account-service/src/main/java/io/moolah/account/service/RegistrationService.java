package io.moolah.account.service;


import io.moolah.platform.phone.PhoneNumbers;
import io.moolah.account.config.AccountSettings;
import io.moolah.account.event.AccountEvents;
import io.moolah.account.model.Credential;
import io.moolah.account.model.Customer;
import io.moolah.account.model.Wallet;
import io.moolah.account.repository.CredentialRepository;
import io.moolah.account.repository.CustomerRepository;
import io.moolah.account.repository.WalletRepository;
import io.moolah.account.security.PinHasher;
import io.moolah.platform.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.UUID;

/** Registration: a customer, their credential and a wallet, with the events, in one transaction. */
@ApplicationScoped
public class RegistrationService {

    @Inject
    CustomerRepository customers;

    @Inject
    WalletRepository wallets;

    @Inject
    CredentialRepository credentials;

    @Inject
    PinHasher hasher;

    @Inject
    KycTiers tiers;

    @Inject
    AccountEvents events;

    @Inject
    AccountSettings settings;

    /** Validated input: phone normalised, name cleaned, PIN checked and already hashed (outside any transaction). */
    public record NewCustomer(String phoneNumber, String fullName, String pinHash) {
    }

    public NewCustomer prepare(String phoneNumber, String fullName, String pin) {
        String phone = PhoneNumbers.normalise(phoneNumber);
        String name = FullNames.normalise(fullName);
        PinPolicy.requireStrong(pin, phone);
        return new NewCustomer(phone, name, hasher.hash(pin));
    }

    /**
     * @throws ProblemException 409 PHONE_NUMBER_TAKEN; a concurrent duplicate that slips past the check fails on the
     *                          unique constraint and is reported the same way by the caller
     */
    @Transactional
    public Registration register(NewCustomer input) {
        if (customers.findByPhoneNumber(input.phoneNumber()).isPresent()) {
            throw phoneNumberTaken();
        }
        Instant now = Instant.now();
        Customer customer = new Customer();
        customer.id = UUID.randomUUID();
        customer.phoneNumber = input.phoneNumber();
        customer.fullName = input.fullName();
        customer.kycTier = KycTiers.LOWEST;
        customer.role = Customer.Role.CUSTOMER;
        customer.createdAt = now;
        customer.updatedAt = now;
        customers.persist(customer);

        Credential credential = new Credential();
        credential.customerId = customer.id;
        credential.pinHash = input.pinHash();
        credential.updatedAt = now;
        credentials.persist(credential);

        Wallet wallet = new Wallet();
        wallet.id = UUID.randomUUID();
        wallet.customerId = customer.id;
        wallet.currency = settings.walletCurrency();
        wallet.status = Wallet.Status.ACTIVE;
        wallet.createdAt = now;
        wallet.updatedAt = now;
        wallets.persist(wallet);
        // Flush now so a duplicate phone number fails here, inside the transaction, not at commit.
        customers.flush();

        events.customerRegistered(customer);
        events.walletOpened(wallet, customer, tiers.limitsOf(customer.kycTier));
        return new Registration(customer.id, wallet.id, customer.phoneNumber, customer.kycTier);
    }

    public static ProblemException phoneNumberTaken() {
        return ProblemException.conflict("PHONE_NUMBER_TAKEN", "A customer with this phone number is already registered.");
    }
}
