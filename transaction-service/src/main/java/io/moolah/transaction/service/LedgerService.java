package io.moolah.transaction.service;

import io.moolah.platform.web.ProblemException;
import io.moolah.transaction.config.LedgerSettings;
import io.moolah.transaction.model.LedgerAccount;
import io.moolah.transaction.repository.LedgerRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The only way money moves: one balanced journal entry, its postings, and the new balances, in the caller's
 * transaction. Accounts are locked in ascending id order, so concurrent entries queue instead of deadlocking.
 */
@ApplicationScoped
public class LedgerService {

    @Inject
    LedgerRepository ledger;

    @Inject
    LedgerSettings settings;

    /** One side of an entry: a signed change to an account (credit positive). */
    public record Leg(long accountId, long amount) {
    }

    /** Checks that need the locked accounts (limits, say); they run before anything is written. */
    @FunctionalInterface
    public interface Rules {
        Rules NONE = locked -> {
        };

        void check(Map<Long, LedgerAccount> locked);
    }

    /**
     * @param type          the entry's type (TRANSFER, ...)
     * @param sendingWallet the wallet account whose debit counts toward its daily and monthly send totals, or null
     */
    public record Entry(String type, String currency, List<Leg> legs, String reference, UUID reverses,
                        String externalRef, UUID initiatedBy, Long sendingWallet, Release release) {
        public Entry(String type, String currency, List<Leg> legs, String reference, UUID reverses, String externalRef,
                     UUID initiatedBy, Long sendingWallet) {
            this(type, currency, legs, reference, reverses, externalRef, initiatedBy, sendingWallet, null);
        }
    }

    /** Held money released from an account by the same entry (a captured hold). */
    public record Release(long accountId, long amount) {
    }

    /** The entry as written, with every account as it stands after it. */
    public record Posted(UUID entryId, long amount, Instant at, Map<Long, LedgerAccount> accounts) {
        public LedgerAccount account(long id) {
            return accounts.get(id);
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Posted post(Entry entry, Rules rules) {
        return post(entry, lockAll(entry.legs().stream().mapToLong(Leg::accountId).toArray()), rules);
    }

    /**
     * Posts with the accounts the caller already locked (in ascending id order, as {@link #lockAll} does), so a
     * caller that finds and locks them in one statement saves a round trip.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Posted post(Entry entry, Map<Long, LedgerAccount> locked, Rules rules) {
        for (Leg leg : entry.legs()) {
            if (!locked.containsKey(leg.accountId())) {
                throw new IllegalStateException("account " + leg.accountId() + " was not locked for " + entry.type());
            }
        }
        long sum = 0;
        long amount = 0;
        for (Leg leg : entry.legs()) {
            sum = Math.addExact(sum, leg.amount());
            amount += Math.max(0, leg.amount());
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
        rules.check(locked);

        Instant now = Instant.now();
        LocalDate today = LocalDate.now(settings.limitsZone());
        UUID entryId = UUID.randomUUID();
        List<LedgerRepository.PostingRow> postings = new ArrayList<>();
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
            postings.add(new LedgerRepository.PostingRow(changed.id(), leg.amount(), changed.balance(), changed.version()));
        }
        List<LedgerAccount> changed = after.values().stream()
                .filter(account -> account.version() != locked.get(account.id()).version()).toList();
        ledger.writeEntry(entryId, entry.type(), entry.currency(), amount, entry.reference(), entry.reverses(),
                entry.externalRef(), entry.initiatedBy(), now, postings, changed);
        return new Posted(entryId, amount, now, after);
    }

    /** Changes only the held amount of a wallet (placing, voiding or expiring a hold); the version moves on. */
    @Transactional(Transactional.TxType.MANDATORY)
    public LedgerAccount changeHeld(LedgerAccount locked, long delta) {
        LedgerAccount changed = new LedgerAccount(locked.id(), locked.kind(), locked.walletId(), locked.currency(),
                locked.balance(), locked.held() + delta, locked.overdraftLimit(), locked.sentDay(), locked.sentDayTotal(),
                locked.sentMonth(), locked.sentMonthTotal(), locked.version() + 1);
        ledger.saveAccount(changed);
        return changed;
    }

    /** Locks accounts (ascending id) and returns them by id. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<Long, LedgerAccount> lockAll(long... accountIds) {
        Map<Long, LedgerAccount> locked = new LinkedHashMap<>();
        for (LedgerAccount account : ledger.lock(accountIds)) {
            locked.put(account.id(), account);
        }
        if (locked.size() != java.util.Arrays.stream(accountIds).distinct().count()) {
            throw new IllegalStateException("missing ledger accounts among " + java.util.Arrays.toString(accountIds));
        }
        return locked;
    }
}
