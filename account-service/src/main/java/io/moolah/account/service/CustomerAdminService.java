package io.moolah.account.service;

import io.moolah.account.event.AccountEvents;
import io.moolah.account.model.Customer;
import io.moolah.account.model.Wallet;
import io.moolah.account.repository.CustomerRepository;
import io.moolah.account.repository.ReplicaProfileReads;
import io.moolah.account.repository.WalletRepository;
import io.moolah.events.account.Limits;
import io.moolah.platform.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Profiles, and the operator's controls: KYC tier, freeze and unfreeze. Each change publishes its event. */
@ApplicationScoped
public class CustomerAdminService {
    public static final int MAX_REASON = 500;

    @Inject
    CustomerRepository customers;

    @Inject
    WalletRepository wallets;

    @Inject
    ReplicaProfileReads replicaProfiles;

    @Inject
    KycTiers tiers;

    @Inject
    AccountEvents events;

    /**
     * The customer's own profile (GET /me), as a read replica within the staleness bound has it, else as the primary
     * does; no transaction of ours: the read is one read-only transaction on whichever answers.
     */
    public Profile profile(UUID customerId) {
        ReplicaProfileReads.CustomerWallets found = replicaProfiles.find(customerId)
                .orElseThrow(() -> ProblemException.notFound("CUSTOMER_NOT_FOUND", "No such customer."));
        return profileOf(found.customer(), found.wallets());
    }

    /** The customer with this phone number (normalised as at registration), if there is one. */
    @Transactional
    public java.util.Optional<Profile> findByPhoneNumber(String phoneNumber) {
        return customers.findByPhoneNumber(io.moolah.platform.phone.PhoneNumbers.normalise(phoneNumber)).map(this::profileOf);
    }

    /** Sets the tier; setting the tier it already has changes nothing and publishes nothing. */
    @Transactional
    public Profile changeTier(UUID customerId, int tier) {
        Customer customer = customers.findForUpdate(customerId)
                .orElseThrow(() -> ProblemException.notFound("CUSTOMER_NOT_FOUND", "No such customer."));
        if (customer.kycTier != tier) {
            int previous = customer.kycTier;
            customer.kycTier = (short) tier;
            customer.updatedAt = Instant.now();
            Limits limits = tiers.limitsOf(tier);
            wallets.ofCustomer(customerId).forEach(wallet -> events.kycTierChanged(wallet, previous, tier, limits));
        }
        return profileOf(customer);
    }

    /** Freezes or unfreezes; a closed wallet stays closed; no change, no event. */
    @Transactional
    public Profile.WalletSummary setStatus(UUID walletId, Wallet.Status status, String reason) {
        String why = requireReason(reason);
        Wallet wallet = wallets.findForUpdate(walletId)
                .orElseThrow(() -> ProblemException.notFound("WALLET_NOT_FOUND", "No such wallet."));
        if (wallet.status == Wallet.Status.CLOSED) {
            throw ProblemException.conflict("WALLET_CLOSED", "The wallet is closed; its status cannot change.");
        }
        if (wallet.status != status) {
            Wallet.Status previous = wallet.status;
            wallet.status = status;
            wallet.updatedAt = Instant.now();
            events.walletStatusChanged(wallet, previous, why);
        }
        return new Profile.WalletSummary(wallet.id, wallet.currency, wallet.status.name());
    }

    private Profile profileOf(Customer customer) {
        return profileOf(customer, wallets.ofCustomer(customer.id));
    }

    private Profile profileOf(Customer customer, List<Wallet> customersWallets) {
        List<Profile.WalletSummary> owned = customersWallets.stream()
                .map(w -> new Profile.WalletSummary(w.id, w.currency, w.status.name())).toList();
        return new Profile(customer.id, customer.phoneNumber, customer.fullName, customer.kycTier,
                tiers.limitsOf(customer.kycTier), owned);
    }

    private static String requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw ProblemException.invalidField("reason", "is required");
        }
        String trimmed = reason.strip();
        if (trimmed.length() > MAX_REASON) {
            throw ProblemException.invalidField("reason", "must be at most " + MAX_REASON + " characters");
        }
        if (trimmed.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
            throw ProblemException.invalidField("reason", "must not contain control characters");
        }
        return trimmed;
    }
}
