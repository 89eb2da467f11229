package io.moolah.transaction.service;

import io.moolah.platform.web.ProblemException;
import io.moolah.transaction.model.LedgerAccount;
import io.moolah.transaction.model.WalletStatus;
import io.moolah.transaction.model.WalletView;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SendLimitsTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 6);
    private static final WalletView WALLET = new WalletView(UUID.randomUUID(), UUID.randomUUID(), "+27820000001", "ZAR",
            WalletStatus.ACTIVE, 1, 10_000, 50_000, 1_000_000, 1);

    private static LedgerAccount account(long held, LocalDate sentDay, long sentToday, long sentThisMonth) {
        return new LedgerAccount(1, LedgerAccount.Kind.WALLET, WALLET.walletId(), "ZAR", 1_000_000, held, 0, sentDay, sentToday,
                sentDay.withDayOfMonth(1), sentThisMonth, 1);
    }

    private static String refusal(LedgerAccount account, long amount) {
        return assertThrows(ProblemException.class, () -> SendLimits.check(WALLET, account, amount, TODAY)).code();
    }

    @Test
    void sentTodayPlusHeldPlusTheAmountMustFitTheDailyLimit() {
        assertDoesNotThrow(() -> SendLimits.check(WALLET, account(2_000, TODAY, 5_000, 5_000), 3_000, TODAY));
        assertEquals("DAILY_LIMIT_EXCEEDED", refusal(account(2_000, TODAY, 5_000, 5_000), 3_001));
        // Yesterday's sending does not count today (but does this month).
        assertDoesNotThrow(() -> SendLimits.check(WALLET, account(0, TODAY.minusDays(1), 9_000, 9_000), 10_000, TODAY));
    }

    @Test
    void andTheMonthlyLimit() {
        assertEquals("MONTHLY_LIMIT_EXCEEDED", refusal(account(1_000, TODAY.minusDays(1), 0, 45_000), 4_001));
        assertDoesNotThrow(() -> SendLimits.check(WALLET, account(1_000, TODAY.minusDays(1), 0, 45_000), 4_000, TODAY));
        // Last month's total is not this month's.
        assertDoesNotThrow(() -> SendLimits.check(WALLET, account(0, LocalDate.of(2026, 11, 30), 10_000, 50_000), 10_000, TODAY));
    }
}
