package io.moolah.transaction.model;

import java.time.LocalDate;
import java.util.UUID;

/**
 * A ledger account as locked for a posting: a customer wallet or a system account. Amounts in minor units.
 * {@code sentDay}/{@code sentMonth} say which day and month the send counters belong to.
 */
public record LedgerAccount(long id, Kind kind, UUID walletId, String currency, long balance, long held,
                            long overdraftLimit, LocalDate sentDay, long sentDayTotal, LocalDate sentMonth,
                            long sentMonthTotal, long version) {

    public enum Kind { WALLET, PROVIDER_CLEARING, FEES, TREASURY_SUSPENSE, INTER_SHARD_CLEARING, MOVED_WALLET }

    public long available() {
        return balance - held;
    }

    public boolean isWallet() {
        return kind == Kind.WALLET;
    }

    /** What this account has sent on {@code day} (zero if the counter belongs to another day). */
    public long sentOn(LocalDate day) {
        return day.equals(sentDay) ? sentDayTotal : 0;
    }

    public long sentInMonthOf(LocalDate day) {
        return day.withDayOfMonth(1).equals(sentMonth) ? sentMonthTotal : 0;
    }
}
