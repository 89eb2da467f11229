package io.moolah.events.account;

/** Event types on {@code account.events} (all at schema version 1). */
public final class AccountEventTypes {
    /** Key: customer id. Payload: {@link CustomerRegistered}. */
    public static final String CUSTOMER_REGISTERED = "CustomerRegistered";
    /** Key: wallet id. Payload: {@link WalletOpened}. */
    public static final String WALLET_OPENED = "WalletOpened";
    /** Key: wallet id. Payload: {@link WalletStatusChanged}. */
    public static final String WALLET_STATUS_CHANGED = "WalletStatusChanged";
    /** Key: wallet id (one event per wallet of the customer). Payload: {@link KycTierChanged}. */
    public static final String KYC_TIER_CHANGED = "KycTierChanged";
    public static final int VERSION = 1;

    private AccountEventTypes() {
    }
}
