package io.moolah.transaction.repository;

import io.moolah.events.account.KycTierChanged;
import io.moolah.events.account.WalletOpened;
import io.moolah.events.account.WalletStatusChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;


/**
 * The ledger's projection of wallets (from account.events), on the current shard: every shard keeps every wallet's
 * metadata and which shard holds its money ({@code shard}), so a transfer resolves its recipient on its own shard.
 */
@ApplicationScoped
public class WalletProjection {

    @Inject
    Sql sql;

    /** Records a newly opened wallet on {@code shard}; a wallet already known keeps what it has. */
    public void opened(WalletOpened opened, int shard) {
        sql.update("""
                        insert into wallet (wallet_id, customer_id, phone_number, currency, status, kyc_tier, daily_send_limit,
                                            monthly_send_limit, max_balance, shard, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now()) on conflict (wallet_id) do nothing""",
                opened.walletId(), opened.customerId(), opened.phoneNumber(), opened.currency(), opened.status(),
                (short) opened.kycTier(), opened.limits().dailySend(), opened.limits().monthlySend(),
                opened.limits().maxBalance(), (short) shard);
    }

    /** @return false when the wallet is unknown here */
    public boolean statusChanged(WalletStatusChanged changed) {
        return sql.update("update wallet set status = ?, updated_at = now() where wallet_id = ?", changed.status(),
                changed.walletId()) == 1;
    }

    /** @return false when the wallet is unknown here */
    public boolean tierChanged(KycTierChanged changed) {
        return sql.update("""
                        update wallet set kyc_tier = ?, daily_send_limit = ?, monthly_send_limit = ?, max_balance = ?,
                        updated_at = now() where wallet_id = ?""", (short) changed.kycTier(), changed.limits().dailySend(),
                changed.limits().monthlySend(), changed.limits().maxBalance(), changed.walletId()) == 1;
    }
}
