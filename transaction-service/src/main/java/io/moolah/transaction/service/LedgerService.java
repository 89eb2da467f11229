package io.moolah.transaction.service;

import io.moolah.transaction.config.LedgerSettings;
import io.moolah.transaction.model.EntryType;
import io.moolah.transaction.model.LedgerAccount;
import io.moolah.transaction.repository.JournalWriter;
import io.moolah.transaction.repository.LedgerRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
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
    JournalWriter journal;

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
     * One balanced entry, made by the factory of its kind (the only way services build one).
     *
     * @param sendingWallet the wallet account whose debit counts toward its daily and monthly send totals, or null
     * @param release       held money the entry releases (a captured hold), or null
     */
    public record Entry(EntryType type, String currency, List<Leg> legs, String reference, UUID reverses,
                        String externalRef, UUID initiatedBy, Long sendingWallet, Release release) {

        /** Customer to customer; the sender's debit counts toward its send limits. */
        public static Entry transfer(String currency, long fromAccount, long toAccount, long amount, String reference, UUID customer) {
            return new Entry(EntryType.TRANSFER, currency, pair(fromAccount, toAccount, amount), reference, null, null, customer,
                    fromAccount, null);
        }

        /**
         * A cross-shard transfer arriving: from the receiving shard's clearing account for the sender's shard to the
         * recipient, once per transfer ({@code externalRef} {@code xfer-in:<transfer id>}).
         */
        public static Entry transferIn(String currency, long clearingAccount, long walletAccount, long amount, String reference,
                                       String externalRef, UUID sender) {
            return new Entry(EntryType.TRANSFER, currency, pair(clearingAccount, walletAccount, amount), reference, null,
                    externalRef, sender, null, null);
        }

        /** A provider's payment from its clearing account to the wallet's. */
        public static Entry topUp(String currency, long clearingAccount, long walletAccount, long amount, String reference,
                                  String externalRef) {
            return new Entry(EntryType.TOPUP, currency, pair(clearingAccount, walletAccount, amount), reference, null,
                    externalRef, null, null, null);
        }

        /** A provider's payment the wallet cannot take, from clearing into suspense for an operator. */
        public static Entry topUpSuspended(String currency, long clearingAccount, long suspenseAccount, long amount,
                                           String reference, String externalRef) {
            return new Entry(EntryType.TOPUP_SUSPENDED, currency, pair(clearingAccount, suspenseAccount, amount), reference,
                    null, externalRef, null, null, null);
        }

        /** {@code captured} of an open hold of {@code held} paid to the payee; the whole hold is released. */
        public static Entry holdCapture(String currency, long walletAccount, long payeeAccount, long captured, long held,
                                        String reference, String externalRef, UUID initiatedBy) {
            return new Entry(EntryType.HOLD_CAPTURE, currency, pair(walletAccount, payeeAccount, captured), reference, null,
                    externalRef, initiatedBy, walletAccount, new Release(walletAccount, held));
        }

        /** A provider paid after its hold was gone: from suspense to the payee, for an operator to resolve. */
        public static Entry lateCapture(String currency, long suspenseAccount, long payeeAccount, long amount, String reference,
                                        String externalRef) {
            return new Entry(EntryType.LATE_CAPTURE, currency, pair(suspenseAccount, payeeAccount, amount), reference, null,
                    externalRef, null, null, null);
        }

        /** An operator's correction of a wallet against suspense: a positive amount credits the wallet. */
        public static Entry adjustment(String currency, long walletAccount, long suspenseAccount, long amount, String reason,
                                       UUID operator) {
            return new Entry(EntryType.ADJUSTMENT, currency, List.of(new Leg(walletAccount, amount), new Leg(suspenseAccount, -amount)),
                    reason, null, null, operator, null, null);
        }

        /**
         * A moved wallet's balance between its account and a clearing account for the other shard (leaving: wallet to
         * clearing; arriving: clearing to wallet), once per move and side ({@code externalRef}).
         */
        public static Entry migration(String currency, long debited, long credited, long amount, String externalRef, UUID operator) {
            return new Entry(EntryType.MIGRATION, currency, pair(debited, credited, amount), "wallet move", null, externalRef,
                    operator, null, null);
        }

        /** Every posting of {@code original} negated ({@code legs}). */
        public static Entry reversal(String currency, List<Leg> legs, String reason, UUID original, UUID operator) {
            return new Entry(EntryType.REVERSAL, currency, legs, reason, original, null, operator, null, null);
        }

        private static List<Leg> pair(long debited, long credited, long amount) {
            return List.of(new Leg(debited, -amount), new Leg(credited, amount));
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

    /** Locks the entry's accounts (ascending id), runs {@code rules} on them, then writes the entry. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Posted post(Entry entry, Rules rules) {
        return post(entry, rules, UUID.randomUUID());
    }

    /** As {@link #post(Entry, Rules)}, the entry with the id given (a cross-shard transfer's, on its receiving shard). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Posted post(Entry entry, Rules rules, UUID entryId) {
        Map<Long, LedgerAccount> locked = lockAll(entry.legs().stream().mapToLong(Leg::accountId).toArray());
        EntryArithmetic.validate(entry, locked);
        rules.check(locked);
        EntryArithmetic.Applied applied = EntryArithmetic.apply(entry, locked, LocalDate.now(settings.limitsZone()));
        Instant now = Instant.now();
        journal.write(List.of(new JournalWriter.NewEntry(entryId, entry.type().name(), entry.currency(), applied.amount(),
                entry.reference(), entry.reverses(), entry.externalRef(), entry.initiatedBy(), now, applied.postings())),
                applied.changed());
        return new Posted(entryId, applied.amount(), now, applied.after());
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
