package io.moolah.transaction.service;

import io.moolah.events.transaction.TransactionEventTypes;
import io.moolah.platform.web.ProblemException;
import io.moolah.transaction.config.LedgerSettings;
import io.moolah.transaction.event.CrossShardEvents;
import io.moolah.transaction.event.TransactionEvents;
import io.moolah.transaction.shard.LedgerShards;
import io.moolah.transaction.shard.WalletDirectory;
import io.moolah.transaction.model.LedgerAccount;
import io.moolah.transaction.model.WalletView;
import io.moolah.transaction.repository.JournalWriter;
import io.moolah.transaction.repository.LedgerRepository;
import io.moolah.transaction.repository.LedgerRepository.LockedWallets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Posts a batch of transfers in one database transaction with a fixed number of round trips whatever its size: claim
 * every key, lock every wallet involved (ascending account id), decide each transfer in order against the balances
 * as the transfers before it in the batch left them, then write every entry, posting, account, stored answer and event
 * with one statement of each kind. Each transfer gets its own answer: a refused one (insufficient funds, a limit, a
 * frozen wallet, a key in use) writes nothing and does not touch its neighbours.
 */
@ApplicationScoped
public class TransferBatch {

    @Inject
    LedgerRepository ledger;

    @Inject
    JournalWriter journal;

    @Inject
    Idempotency idempotency;

    @Inject
    TransactionEvents events;

    @Inject
    LedgerSettings settings;

    @Inject
    LedgerShards shards;

    @Inject
    WalletDirectory directory;

    @Inject
    CrossShardTransfers crossShard;

    /**
     * One transfer's answer: the outcome to send (fresh or replayed), or the problem that refused it; {@code sent} when
     * it went to another shard and its last steps are still to run ({@link CrossShardTransfers#complete}).
     */
    public record Settled(Idempotency.Outcome outcome, ProblemException refusal, CrossShardTransfers.Sent sent) {
        static Settled answered(Idempotency.Outcome outcome) {
            return new Settled(outcome, null, null);
        }

        static Settled refused(ProblemException refusal) {
            return new Settled(null, refusal, null);
        }
    }

    /**
     * Posts {@code orders} and returns their answers in the same order. Commits when it returns; any failure that is
     * not one transfer's refusal (the database, a bug) throws, and nothing of the batch is written.
     */
    @Transactional
    public List<Settled> post(List<TransferOrder> orders) {
        Instant now = Instant.now();
        LocalDate today = LocalDate.now(settings.limitsZone());
        Settled[] settled = new Settled[orders.size()];
        List<Idempotency.Claimed> claims = idempotency.claimAll(orders.stream().map(TransferOrder::claim).toList());
        for (int i = 0; i < settled.length; i++) {
            try {
                settled[i] = claims.get(i).replay().map(Settled::answered).orElse(null);
            } catch (ProblemException refusal) {
                settled[i] = Settled.refused(refusal);
            }
        }
        Set<UUID> walletIds = new LinkedHashSet<>();
        Set<LedgerRepository.PhoneKey> phones = new LinkedHashSet<>();
        for (int i = 0; i < settled.length; i++) {
            if (settled[i] == null) {
                TransferOrder order = orders.get(i);
                walletIds.add(order.fromWalletId());
                if (order.toWalletId() != null) {
                    walletIds.add(order.toWalletId());
                } else {
                    phones.add(order.toPhone());
                }
            }
        }
        if (walletIds.isEmpty()) {
            return List.of(settled);
        }
        // Recipients by phone, over every wallet of every shard (one round trip, only when a batch names phones).
        Map<LedgerRepository.PhoneKey, UUID> byPhone = ledger.resolvePhones(phones);
        walletIds.addAll(byPhone.values());
        // Wallets on other shards (the directory, in memory): sent to across, never locked here.
        int here = shards.currentShard().number();
        Set<UUID> elsewhere = new LinkedHashSet<>();
        for (UUID walletId : walletIds) {
            if (directory.numberOf(walletId).map(shard -> shard != here).orElse(false)) {
                elsewhere.add(walletId);
            }
        }
        Map<UUID, LedgerRepository.RemoteWallet> remote = ledger.remoteWallets(elsewhere);
        Set<Long> clearing = new LinkedHashSet<>();
        for (int i = 0; i < settled.length; i++) {
            TransferOrder order = orders.get(i);
            LedgerRepository.RemoteWallet target = settled[i] == null ? remote.get(recipientOf(order, byPhone)) : null;
            if (target != null && settings.currencies().contains(order.currency())) {
                clearing.add(ledger.interShardAccount(target.shard(), order.currency()));
            }
        }
        walletIds.removeAll(remote.keySet());
        LockedWallets wallets = ledger.lockWallets(walletIds, clearing);
        Map<UUID, Long> remoteBalances = remoteBalances(remote.values());
        Books books = new Books(wallets.accounts());
        List<Idempotency.Claim> answeredClaims = new ArrayList<>();
        List<Idempotency.Outcome> answers = new ArrayList<>();
        List<CrossShardTransfers.Sent> across = new ArrayList<>();
        for (int i = 0; i < settled.length; i++) {
            if (settled[i] != null) {
                continue;
            }
            TransferOrder order = orders.get(i);
            try {
                UUID recipient = recipientOf(order, byPhone);
                LedgerRepository.RemoteWallet far = remote.get(recipient);
                CrossShardTransfers.Sent sent = null;
                TransferService.Result result;
                if (far != null) {
                    sent = sendAcross(order, wallets, far, remoteBalances, books, today, now);
                    result = sent.result();
                } else {
                    result = move(order, wallets, recipient, books, today, now);
                }
                Idempotency.Outcome outcome = idempotency.answer(201, result);
                answeredClaims.add(order.claim());
                answers.add(outcome);
                settled[i] = new Settled(outcome, null, sent);
                if (sent != null) {
                    across.add(sent);
                }
            } catch (ProblemException refusal) {
                settled[i] = Settled.refused(refusal);
            }
        }
        journal.write(books.entries, books.changedAccounts());
        idempotency.storeAll(answeredClaims, answers);
        events.walletsChanged(books.changes);
        crossShard.recordSent(across);
        return List.of(settled);
    }

    private static UUID recipientOf(TransferOrder order, Map<LedgerRepository.PhoneKey, UUID> byPhone) {
        return order.toWalletId() != null ? order.toWalletId() : byPhone.get(order.toPhone());
    }

    /**
     * The balances of recipients on other shards, read from each shard's replicas outside this transaction (one
     * statement per shard): the check of their maximum balance before anything is sent. The receiving shard checks
     * again, on its locked account, and returns what it cannot take.
     */
    private Map<UUID, Long> remoteBalances(java.util.Collection<LedgerRepository.RemoteWallet> remote) {
        Map<UUID, Long> balances = new HashMap<>();
        Map<Integer, List<UUID>> byShard = new HashMap<>();
        remote.forEach(wallet -> byShard.computeIfAbsent(wallet.shard(), ignored -> new ArrayList<>()).add(wallet.walletId()));
        byShard.forEach((shard, ids) -> {
            try (java.sql.Connection connection = shards.shard(shard).replica().getConnection();
                 var query = connection.prepareStatement("select wallet_id, balance from ledger_account where wallet_id = any(?::uuid[])")) {
                query.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
                try (var rows = query.executeQuery()) {
                    while (rows.next()) {
                        balances.put(rows.getObject(1, UUID.class), rows.getLong(2));
                    }
                }
            } catch (java.sql.SQLException e) {
                // The receiving shard decides anyway; without the pre-check a transfer it refuses comes back.
            }
        });
        return balances;
    }

    /** The accounts as the batch has changed them so far, and what the batch will write. */
    private static final class Books {
        private final Map<Long, LedgerAccount> locked;
        private final Map<Long, LedgerAccount> current;
        private final List<JournalWriter.NewEntry> entries = new ArrayList<>();
        private final List<TransactionEvents.Change> changes = new ArrayList<>();

        Books(Map<Long, LedgerAccount> locked) {
            this.locked = locked;
            this.current = new HashMap<>(locked);
        }

        /** Each account that changed, as it stands after the batch's last entry on it. */
        List<LedgerAccount> changedAccounts() {
            return current.values().stream().filter(account -> account.version() != locked.get(account.id()).version()).toList();
        }
    }

    /** The rules of one transfer, checked against the books as the batch has left them; then its entry is booked. */
    private TransferService.Result move(TransferOrder order, LockedWallets wallets, UUID recipient, Books books, LocalDate today,
                                        Instant now) {
        WalletView source = sender(order, wallets);
        WalletView target = Optional.ofNullable(recipient).flatMap(wallets::wallet)
                .orElseThrow(() -> ProblemException.notFound("RECIPIENT_NOT_FOUND", "No wallet to send to was found."));
        String currency = order.currency();
        long amount = order.amount();
        checkParties(source, target.walletId(), target.currency(), target.isActive(), currency);
        LedgerService.Entry entry = LedgerService.Entry.transfer(currency, source.accountId(), target.accountId(), amount,
                order.reference(), order.customerId());
        Map<Long, LedgerAccount> parties = Map.of(source.accountId(), books.current.get(source.accountId()),
                target.accountId(), books.current.get(target.accountId()));
        EntryArithmetic.validate(entry, parties);
        SendLimits.check(source, parties.get(source.accountId()), amount, today);
        if (parties.get(target.accountId()).balance() + amount > target.maxBalance()) {
            throw ProblemException.unprocessable("RECIPIENT_BALANCE_LIMIT", "The recipient's wallet cannot hold that much.");
        }
        EntryArithmetic.Applied applied = EntryArithmetic.apply(entry, parties, today);
        UUID entryId = UUID.randomUUID();
        books.current.putAll(applied.after());
        books.entries.add(new JournalWriter.NewEntry(entryId, entry.type().name(), currency, applied.amount(), order.reference(),
                null, null, order.customerId(), now, applied.postings()));
        LedgerAccount sent = applied.after().get(source.accountId());
        books.changes.add(new TransactionEvents.Change(TransactionEventTypes.TRANSFER_POSTED, entryId, "TRANSFER", sent, -amount,
                target.walletId().toString(), order.reference(), null, now, order.traceParent()));
        books.changes.add(new TransactionEvents.Change(TransactionEventTypes.TRANSFER_POSTED, entryId, "TRANSFER",
                applied.after().get(target.accountId()), amount, source.walletId().toString(), order.reference(), null, now,
                order.traceParent()));
        return new TransferService.Result(entryId, "POSTED", amount, currency, source.walletId(), target.walletId(), now,
                sent.version());
    }

    /** The rules on who may send to whom, the same inside a shard and across: self, currency, both wallets active. */
    private static void checkParties(WalletView source, UUID targetId, String targetCurrency, boolean targetActive,
                                     String currency) {
        if (source.walletId().equals(targetId)) {
            throw ProblemException.unprocessable("SELF_TRANSFER", "A wallet cannot send money to itself.");
        }
        if (!source.currency().equals(currency) || !targetCurrency.equals(currency)) {
            throw ProblemException.unprocessable("CURRENCY_MISMATCH", "Both wallets must hold " + currency + ".");
        }
        if (!source.isActive()) {
            throw ProblemException.unprocessable("WALLET_NOT_ACTIVE",
                    "The wallet is " + source.status().name().toLowerCase() + ": it cannot send.");
        }
        if (!targetActive) {
            throw ProblemException.unprocessable("RECIPIENT_WALLET_NOT_ACTIVE", "The recipient's wallet cannot receive money now.");
        }
    }

    private static WalletView sender(TransferOrder order, LockedWallets wallets) {
        return wallets.wallet(order.fromWalletId()).filter(wallet -> wallet.customerId().equals(order.customerId()))
                .orElseThrow(() -> ProblemException.notFound("WALLET_NOT_FOUND", "No such wallet."));
    }

    /**
     * A transfer to a wallet on another shard, step one (docs/sharding.md): the same rules as {@link #move} where this
     * shard can judge them (the recipient's status and currency from the projection, its balance from its shard's
     * replicas), then one entry from the sender to this shard's clearing account for the recipient's shard. The
     * recipient is credited by {@link CrossShardTransfers}; until then the transfer is PENDING.
     */
    private CrossShardTransfers.Sent sendAcross(TransferOrder order, LockedWallets wallets, LedgerRepository.RemoteWallet target,
                                                Map<UUID, Long> remoteBalances, Books books, LocalDate today, Instant now) {
        WalletView source = sender(order, wallets);
        String currency = order.currency();
        long amount = order.amount();
        checkParties(source, target.walletId(), target.currency(), target.isActive(), currency);
        Long recipientBalance = remoteBalances.get(target.walletId());
        if (recipientBalance != null && recipientBalance + amount > target.maxBalance()) {
            throw ProblemException.unprocessable("RECIPIENT_BALANCE_LIMIT", "The recipient's wallet cannot hold that much.");
        }
        long clearing = ledger.interShardAccount(target.shard(), currency);
        LedgerService.Entry entry = LedgerService.Entry.transfer(currency, source.accountId(), clearing, amount,
                order.reference(), order.customerId());
        Map<Long, LedgerAccount> parties = Map.of(source.accountId(), books.current.get(source.accountId()),
                clearing, books.current.get(clearing));
        EntryArithmetic.validate(entry, parties);
        SendLimits.check(source, parties.get(source.accountId()), amount, today);
        EntryArithmetic.Applied applied = EntryArithmetic.apply(entry, parties, today);
        UUID entryId = UUID.randomUUID();
        books.current.putAll(applied.after());
        books.entries.add(new JournalWriter.NewEntry(entryId, entry.type().name(), currency, applied.amount(), order.reference(),
                null, null, order.customerId(), now, applied.postings()));
        LedgerAccount sent = applied.after().get(source.accountId());
        books.changes.add(new TransactionEvents.Change(TransactionEventTypes.TRANSFER_POSTED, entryId, "TRANSFER", sent, -amount,
                target.walletId().toString(), order.reference(), null, now, order.traceParent()));
        TransferService.Result result = new TransferService.Result(entryId, CrossShardTransfers.PENDING, amount, currency,
                source.walletId(), target.walletId(), now, sent.version());
        CrossShardEvents.Sent event = new CrossShardEvents.Sent(entryId, shards.currentShard().number(), target.shard(),
                source.walletId(), target.walletId(), amount, currency, order.reference(), order.customerId(), null);
        return new CrossShardTransfers.Sent(event, order.claim(), result, order.traceParent());
    }
}
