package io.moolah.transaction.service;

import io.moolah.platform.web.ProblemException;
import io.moolah.transaction.model.LedgerAccount;
import io.moolah.transaction.repository.JournalWriter.PostingRow;
import io.moolah.transaction.service.LedgerService.Entry;
import io.moolah.transaction.service.LedgerService.Leg;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Posting one entry onto its locked accounts as arithmetic alone: no clock, no database, no randomness, so every rule
 * of it is tested as a function (EntryArithmeticTest). {@link LedgerService} validates, runs the caller's rules,
 * applies, then writes what this returns.
 */
final class EntryArithmetic {
    private EntryArithmetic() {
    }

    /** Each account as it stands after the entry, the posting rows to write, and the accounts that changed. */
    record Applied(long amount, Map<Long, LedgerAccount> after, List<PostingRow> postings, List<LedgerAccount> changed) {
    }

    /**
     * Refuses an entry that cannot be posted as given: a leg on an account that is not locked, legs that do not sum to
     * zero or move nothing (both programming errors), an account in another currency (422 {@code CURRENCY_MISMATCH}).
     *
     * @return the amount the entry moves: the sum of its credits
     */
    static long validate(Entry entry, Map<Long, LedgerAccount> locked) {
        for (Leg leg : entry.legs()) {
            if (!locked.containsKey(leg.accountId())) {
                throw new IllegalStateException("account " + leg.accountId() + " was not locked for " + entry.type());
            }
        }
        long sum = 0;
        long amount = 0;
        for (Leg leg : entry.legs()) {
            sum = Math.addExact(sum, leg.amount());
            amount = Math.addExact(amount, Math.max(0, leg.amount()));
        }
        if (sum != 0 || amount == 0) {
            throw new IllegalArgumentException("an entry must balance and move money: " + entry.legs());
        }
        for (LedgerAccount account : locked.values()) {
            if (!account.currency().equals(entry.currency())) {
                throw ProblemException.unprocessable("CURRENCY_MISMATCH",
                        "The accounts hold " + account.currency() + ", not " + entry.currency() + ".");
            }
        }
        return amount;
    }

    /**
     * Applies a validated entry on {@code today} (the limits' day): each leg changes its account's balance and moves its
     * version on; a release takes the captured hold's amount off the account's held money; the sending wallet's debit
     * adds to its day's and month's send totals (restarted when the day or month is new). A wallet's debit may not
     * take its available balance (balance less held) below its overdraft limit: 422 {@code INSUFFICIENT_FUNDS}.
     * System accounts have no such floor.
     */
    static Applied apply(Entry entry, Map<Long, LedgerAccount> locked, LocalDate today) {
        long amount = validate(entry, locked);
        List<PostingRow> postings = new ArrayList<>(entry.legs().size());
        Map<Long, LedgerAccount> after = new LinkedHashMap<>(locked);
        for (Leg leg : entry.legs()) {
            LedgerAccount before = after.get(leg.accountId());
            long balance = Math.addExact(before.balance(), leg.amount());
            long held = entry.release() != null && entry.release().accountId() == leg.accountId()
                    ? before.held() - entry.release().amount() : before.held();
            if (before.isWallet() && leg.amount() < 0 && balance - held < -before.overdraftLimit()) {
                throw ProblemException.unprocessable("INSUFFICIENT_FUNDS", "The wallet's available balance is too low.");
            }
            boolean sending = leg.amount() < 0 && entry.sendingWallet() != null && entry.sendingWallet() == leg.accountId();
            LedgerAccount changed = new LedgerAccount(before.id(), before.kind(), before.walletId(), before.currency(),
                    balance, held, before.overdraftLimit(),
                    sending ? today : before.sentDay(),
                    sending ? before.sentOn(today) - leg.amount() : before.sentDayTotal(),
                    sending ? today.withDayOfMonth(1) : before.sentMonth(),
                    sending ? before.sentInMonthOf(today) - leg.amount() : before.sentMonthTotal(),
                    before.version() + 1);
            after.put(changed.id(), changed);
            postings.add(new PostingRow(changed.id(), leg.amount(), changed.balance(), changed.version()));
        }
        List<LedgerAccount> changed = after.values().stream()
                .filter(account -> account.version() != locked.get(account.id()).version()).toList();
        return new Applied(amount, after, postings, changed);
    }
}
