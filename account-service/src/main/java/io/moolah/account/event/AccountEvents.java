package io.moolah.account.event;

import io.moolah.account.model.Customer;
import io.moolah.account.model.Wallet;
import io.moolah.events.Topics;
import io.moolah.events.account.AccountEventTypes;
import io.moolah.events.account.CustomerRegistered;
import io.moolah.events.account.KycTierChanged;
import io.moolah.events.account.Limits;
import io.moolah.events.account.WalletOpened;
import io.moolah.events.account.WalletStatusChanged;
import io.moolah.outbox.EventOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The account-service's events, written to the outbox in the caller's transaction. */
@ApplicationScoped
public class AccountEvents {

    @Inject
    EventOutbox outbox;

    public void customerRegistered(Customer customer) {
        publish(AccountEventTypes.CUSTOMER_REGISTERED, customer.id.toString(),
                new CustomerRegistered(customer.id, customer.phoneNumber, customer.fullName, customer.kycTier));
    }

    public void walletOpened(Wallet wallet, Customer owner, Limits limits) {
        publish(AccountEventTypes.WALLET_OPENED, wallet.id.toString(), new WalletOpened(wallet.id, owner.id,
                owner.phoneNumber, wallet.currency, wallet.status.name(), owner.kycTier, limits));
    }

    public void walletStatusChanged(Wallet wallet, Wallet.Status previous, String reason) {
        publish(AccountEventTypes.WALLET_STATUS_CHANGED, wallet.id.toString(), new WalletStatusChanged(wallet.id,
                wallet.customerId, previous.name(), wallet.status.name(), reason));
    }

    public void kycTierChanged(Wallet wallet, int previousTier, int tier, Limits limits) {
        publish(AccountEventTypes.KYC_TIER_CHANGED, wallet.id.toString(),
                new KycTierChanged(wallet.id, wallet.customerId, previousTier, tier, limits));
    }

    private void publish(String type, String aggregateId, Object payload) {
        outbox.publish(Topics.ACCOUNT_EVENTS, type, AccountEventTypes.VERSION, aggregateId, payload);
    }
}
