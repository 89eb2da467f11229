package io.moolah.payment.service;

import io.moolah.payment.model.Wallet;
import io.moolah.payment.repository.WalletRepository;
import io.moolah.platform.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Locale;
import java.util.UUID;

/**
 * Refuses a wallet that may not take part in a payment now: frozen or closed, as account.events last said (422
 * {@code WALLET_NOT_ACTIVE}, the ledger's code for the same refusal). Asked before any provider is, so no checkout is
 * opened for money the ledger would only park in suspense. A wallet not yet projected (just registered, the event
 * still on its way) is taken as active: the ledger still refuses a hold on it, and a top-up for it lands in suspense.
 */
@ApplicationScoped
public class ActiveWallets {

    @Inject
    WalletRepository wallets;

    public void require(UUID walletId) {
        Wallet wallet = wallets.findById(walletId);
        if (wallet != null && !Wallet.ACTIVE.equals(wallet.status)) {
            throw ProblemException.unprocessable("WALLET_NOT_ACTIVE",
                    "The wallet is " + wallet.status.toLowerCase(Locale.ROOT) + ": it cannot take part in payments now.");
        }
    }
}
