package io.moolah.transaction.service;

import io.moolah.platform.web.ProblemException;
import io.moolah.transaction.model.LedgerAccount;
import io.moolah.transaction.model.WalletView;

import java.time.LocalDate;

/**
 * The one send-limit rule, asked by transfers and by holds alike: what the wallet has sent today (this month), plus
 * its open holds, plus this amount, within its daily (monthly) limit. Open holds count because they are money on its
 * way out: otherwise holds and their captures (a QR payment is one) could send past the limits. Checked on the
 * wallet's account as locked, so concurrent sends see each other.
 */
final class SendLimits {
    private SendLimits() {
    }

    static void check(WalletView wallet, LedgerAccount account, long amount, LocalDate today) {
        long sentToday = account.sentOn(today);
        if (sentToday + account.held() + amount > wallet.dailySendLimit()) {
            throw ProblemException.unprocessable("DAILY_LIMIT_EXCEEDED", "This would pass the wallet's daily send limit of "
                    + wallet.dailySendLimit() + " (sent today: " + sentToday + ", on hold: " + account.held() + ").");
        }
        long sentThisMonth = account.sentInMonthOf(today);
        if (sentThisMonth + account.held() + amount > wallet.monthlySendLimit()) {
            throw ProblemException.unprocessable("MONTHLY_LIMIT_EXCEEDED", "This would pass the wallet's monthly send limit of "
                    + wallet.monthlySendLimit() + " (sent this month: " + sentThisMonth + ", on hold: " + account.held() + ").");
        }
    }
}
