package io.moolah.transaction.service;

import io.moolah.events.transaction.TransactionEventTypes;
import io.moolah.outbox.EventOutbox;
import io.moolah.transaction.event.CrossShardEvents;
import io.moolah.transaction.event.TransactionEvents;
import io.moolah.transaction.model.LedgerAccount;
import io.moolah.transaction.model.WalletView;
import io.moolah.transaction.repository.LedgerRepository;
import io.moolah.transaction.repository.Sql;
import io.moolah.transaction.shard.LedgerShards;
import io.moolah.transaction.shard.ShardScope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import io.moolah.transaction.config.LedgerSettings;
import io.moolah.transaction.model.EntryType;
import io.moolah.transaction.repository.JournalWriter;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Cross-shard transfers after their first step (docs/sharding.md, "Transfers"). The sender's shard has debited the
 * sender and credited its clearing account for the receiver's shard in one entry, with a {@code cross_shard_transfer}
 * row (SENT) and a {@link CrossShardEvents#SENT} event, all in the batch's transaction ({@link #recordSent}). Then:
 * <ol>
 * <li>{@link #receive} on the receiver's shard: claimed once by its {@code cross_shard_receipt} row, it credits the
 *     recipient from its clearing account for the sender's shard (entry {@code xfer-in:<id>}), or refuses (the wallet
 *     cannot receive), and publishes the outcome;</li>
 * <li>{@link #settle} on the sender's shard: RECEIVED marks the transfer POSTED; REFUSED returns the money (a reversal
 *     of the sending entry) and marks it RETURNED. The sender's stored answer (Idempotency-Key) follows.</li>
 * </ol>
 * Both steps run at once after the batch commits ({@link #complete}, the fast path the client waits for), and again
 * from the events whenever the fast path did not finish (a crash, a shard unreachable); each is idempotent, so the
 * transfer ends exactly once whoever gets there first.
 */
@ApplicationScoped
public class CrossShardTransfers {
    private static final Logger LOG = Logger.getLogger(CrossShardTransfers.class);

    public static final String POSTED = "POSTED";
    public static final String PENDING = "PENDING";
    public static final String RETURNED = "RETURNED";

    @Inject
    Sql sql;

    @Inject
    LedgerRepository ledger;

    @Inject
    LedgerShards shards;

    @Inject
    EventOutbox outbox;

    @Inject
    TransactionEvents events;

    @Inject
    Idempotency idempotency;

    @Inject
    JournalWriter journal;

    @Inject
    LedgerSettings settings;

    /** A transfer the batch sent across, with what its settlement needs. */
    public record Sent(CrossShardEvents.Sent event, Idempotency.Claim claim, TransferService.Result result, String traceParent) {
    }

    /** Step one's records, in the batch's transaction on the sender's shard: the rows and the events. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordSent(List<Sent> sent) {
        if (sent.isEmpty()) {
            return;
        }
        sql.work(connection -> {
            try (var insert = connection.prepareStatement("""
                    insert into cross_shard_transfer (id, entry_id, from_wallet_id, to_wallet_id, to_shard, amount, currency,
                        status, reference, initiated_by, idempotency_scope, idempotency_key, created_at, reverses, sender_version)
                    select t.id, t.id, t.from_wallet, t.to_wallet, t.to_shard, t.amount, t.currency, 'SENT', t.reference,
                        t.initiated_by, t.scope, t.key, t.created_at::timestamptz, t.reverses, t.sender_version
                    from unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::int2[], ?::int8[], ?::text[], ?::text[], ?::uuid[],
                        ?::text[], ?::text[], ?::text[], ?::uuid[], ?::int8[]) as t(id, from_wallet, to_wallet, to_shard, amount,
                        currency, reference, initiated_by, scope, key, created_at, reverses, sender_version)""")) {
                insert.setArray(1, connection.createArrayOf("uuid", sent.stream().map(s -> s.event().transferId()).toArray()));
                insert.setArray(2, connection.createArrayOf("uuid", sent.stream().map(s -> s.event().fromWalletId()).toArray()));
                insert.setArray(3, connection.createArrayOf("uuid", sent.stream().map(s -> s.event().toWalletId()).toArray()));
                insert.setArray(4, connection.createArrayOf("int2", sent.stream().map(s -> (short) s.event().toShard()).toArray()));
                insert.setArray(5, connection.createArrayOf("int8", sent.stream().map(s -> s.event().amount()).toArray()));
                insert.setArray(6, connection.createArrayOf("text", sent.stream().map(s -> s.event().currency()).toArray()));
                insert.setArray(7, connection.createArrayOf("text", sent.stream().map(s -> s.event().reference()).toArray()));
                insert.setArray(8, connection.createArrayOf("uuid", sent.stream().map(s -> s.event().initiatedBy()).toArray()));
                insert.setArray(9, connection.createArrayOf("text", sent.stream().map(s -> s.claim().scope()).toArray()));
                insert.setArray(10, connection.createArrayOf("text", sent.stream().map(s -> s.claim().key()).toArray()));
                insert.setArray(11, connection.createArrayOf("text", sent.stream().map(s -> s.result().createdAt().toString()).toArray()));
                insert.setArray(12, connection.createArrayOf("uuid", sent.stream().map(s -> s.event().reverses()).toArray()));
                insert.setArray(13, connection.createArrayOf("int8", sent.stream().map(s -> s.result().version()).toArray()));
                insert.executeUpdate();
            }
            return null;
        });
        outbox.publishAll(sent.stream().map(s -> new EventOutbox.Outgoing(CrossShardEvents.TOPIC, CrossShardEvents.SENT, 1,
                s.event().transferId().toString(), s.event(), s.traceParent())).toList());
    }

    /**
     * Both remaining steps for a batch's transfers to other shards, right after the batch committed: per receiving
     * shard, one transaction there receiving them all, then one on the sending shard settling them all.
     *
     * @return each transfer's answer for its sender now, by transfer id: POSTED, RETURNED, or the PENDING answer it had
     *         when a step could not run (the events finish it; the stored answer follows)
     */
    public Map<UUID, TransferService.Result> completeAll(List<Sent> sent) {
        Map<UUID, TransferService.Result> answers = new LinkedHashMap<>();
        Map<Integer, List<Sent>> byReceiver = new LinkedHashMap<>();
        for (Sent each : sent) {
            answers.put(each.event().transferId(), each.result());
            byReceiver.computeIfAbsent(each.event().toShard(), ignored -> new ArrayList<>()).add(each);
        }
        byReceiver.forEach((receiver, group) -> {
            try {
                List<CrossShardEvents.Sent> events = group.stream().map(Sent::event).toList();
                List<CrossShardEvents.Outcome> outcomes = ShardScope.on(shards.shard(receiver),
                        () -> QuarkusTransaction.requiringNew().call(() -> receiveAll(events)));
                List<TransferService.Result> settled = ShardScope.on(shards.shard(group.get(0).event().fromShard()),
                        () -> QuarkusTransaction.requiringNew().call(() -> settleAll(outcomes)));
                for (TransferService.Result result : settled) {
                    if (result != null) {
                        answers.put(result.transactionId(), result);
                    }
                }
            } catch (RuntimeException e) {
                LOG.warnf("%d cross-shard transfer(s) to shard %d left to their events: %s", group.size(), receiver, e.toString());
            }
        });
        return answers;
    }

    /**
     * The fast path for a movement the current shard has just sent across outside a batch (an operator's reversal of a
     * cross-shard transfer): nothing when {@code id} is no such movement or it has ended.
     */
    public void completeSent(UUID id) {
        int here = shards.currentShard().number();
        Optional<Sent> sent = sql.one("""
                        select from_wallet_id, to_wallet_id, to_shard, amount, currency, reference, initiated_by, reverses,
                               idempotency_scope, idempotency_key, created_at, sender_version
                        from cross_shard_transfer where id = ? and status = 'SENT'""",
                row -> {
                    CrossShardEvents.Sent event = new CrossShardEvents.Sent(id, here, row.getShort(3), row.getObject(1, UUID.class),
                            row.getObject(2, UUID.class), row.getLong(4), row.getString(5).trim(), row.getString(6),
                            row.getObject(7, UUID.class), row.getObject(8, UUID.class));
                    TransferService.Result result = new TransferService.Result(id, PENDING, event.amount(), event.currency(),
                            event.fromWalletId(), event.toWalletId(), row.getObject(11, OffsetDateTime.class).toInstant(),
                            row.getLong(12));
                    return new Sent(event, new Idempotency.Claim(row.getString(9), row.getString(10), ""), result, null);
                }, id);
        sent.ifPresent(one -> completeAll(List.of(one)));
    }

    /** Step two for one transfer (its event, when the fast path did not finish it). */
    @Transactional(Transactional.TxType.MANDATORY)
    public CrossShardEvents.Outcome receive(CrossShardEvents.Sent sent) {
        return receiveAll(List.of(sent)).get(0);
    }

    /**
     * Step two, in one transaction on the receiving shard, for transfers from one sending shard: each is claimed once
     * (its receipt row); the first claim decides and records the outcome (and publishes it), any later one returns the
     * recorded outcome and changes nothing. The recipients and the clearing account are locked in one ascending
     * statement, each transfer judged against the balances the ones before it left, and every entry written with one
     * statement: the shape of a batch of transfers.
     *
     * @return the outcomes, in the order given
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<CrossShardEvents.Outcome> receiveAll(List<CrossShardEvents.Sent> sent) {
        Set<UUID> claimed = claim(sent);
        Map<UUID, CrossShardEvents.Outcome> recorded = recordedOutcomes(sent, claimed);
        List<CrossShardEvents.Sent> fresh = sent.stream().filter(each -> claimed.contains(each.transferId())).toList();
        Map<UUID, CrossShardEvents.Outcome> decided = fresh.isEmpty() ? Map.of() : decide(fresh);
        List<CrossShardEvents.Outcome> outcomes = new ArrayList<>(sent.size());
        for (CrossShardEvents.Sent each : sent) {
            outcomes.add(claimed.contains(each.transferId()) ? decided.get(each.transferId()) : recorded.get(each.transferId()));
        }
        return outcomes;
    }

    /** Inserts a receipt for each transfer not yet claimed here; returns the ids this call claimed. */
    private Set<UUID> claim(List<CrossShardEvents.Sent> sent) {
        return sql.work(connection -> {
            try (var insert = connection.prepareStatement("""
                    insert into cross_shard_receipt (transfer_id, from_shard, from_wallet_id, outcome)
                    select t.id, t.from_shard, t.from_wallet, 'REFUSED' from unnest(?::uuid[], ?::int2[], ?::uuid[])
                        as t(id, from_shard, from_wallet)
                    on conflict (transfer_id) do nothing returning transfer_id""")) {
                insert.setArray(1, connection.createArrayOf("uuid", sent.stream().map(CrossShardEvents.Sent::transferId).toArray()));
                insert.setArray(2, connection.createArrayOf("int2", sent.stream().map(s -> (short) s.fromShard()).toArray()));
                insert.setArray(3, connection.createArrayOf("uuid", sent.stream().map(CrossShardEvents.Sent::fromWalletId).toArray()));
                Set<UUID> ids = new HashSet<>();
                try (var rows = insert.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getObject(1, UUID.class));
                    }
                }
                return ids;
            }
        });
    }

    private Map<UUID, CrossShardEvents.Outcome> recordedOutcomes(List<CrossShardEvents.Sent> sent, Set<UUID> claimed) {
        Map<UUID, CrossShardEvents.Sent> earlier = new HashMap<>();
        sent.stream().filter(each -> !claimed.contains(each.transferId())).forEach(each -> earlier.put(each.transferId(), each));
        Map<UUID, CrossShardEvents.Outcome> outcomes = new HashMap<>();
        if (earlier.isEmpty()) {
            return outcomes;
        }
        sql.work(connection -> {
            try (var query = connection.prepareStatement(
                    "select transfer_id, outcome, reason from cross_shard_receipt where transfer_id = any(?::uuid[])")) {
                query.setArray(1, connection.createArrayOf("uuid", earlier.keySet().toArray()));
                try (var rows = query.executeQuery()) {
                    while (rows.next()) {
                        CrossShardEvents.Sent each = earlier.get(rows.getObject(1, UUID.class));
                        outcomes.put(each.transferId(), new CrossShardEvents.Outcome(each.transferId(), each.fromShard(),
                                each.toShard(), rows.getString(2), rows.getString(3)));
                    }
                }
            }
            return null;
        });
        return outcomes;
    }

    /** Judges and books transfers this shard has just claimed; records and publishes each outcome. */
    private Map<UUID, CrossShardEvents.Outcome> decide(List<CrossShardEvents.Sent> fresh) {
        Set<UUID> recipients = new LinkedHashSet<>();
        Set<Long> clearing = new LinkedHashSet<>();
        for (CrossShardEvents.Sent each : fresh) {
            recipients.add(each.toWalletId());
            clearing.add(ledger.interShardAccount(each.fromShard(), each.currency()));
        }
        LedgerRepository.LockedWallets locked = ledger.lockWallets(recipients, clearing);
        Map<Long, LedgerAccount> current = new HashMap<>(locked.accounts());
        LocalDate today = LocalDate.now(settings.limitsZone());
        Instant now = Instant.now();
        List<JournalWriter.NewEntry> entries = new ArrayList<>();
        List<TransactionEvents.Change> changes = new ArrayList<>();
        Map<UUID, CrossShardEvents.Outcome> outcomes = new LinkedHashMap<>();
        List<Object[]> receipts = new ArrayList<>();
        for (CrossShardEvents.Sent each : fresh) {
            Optional<WalletView> recipient = locked.wallet(each.toWalletId());
            String refusal = each.reverses() != null && recipient.isPresent() ? null : refusal(each, recipient, current);
            UUID entryId = null;
            if (refusal == null) {
                WalletView wallet = recipient.orElseThrow();
                long clearingAccount = ledger.interShardAccount(each.fromShard(), each.currency());
                LedgerService.Entry entry = each.reverses() != null
                        ? new LedgerService.Entry(EntryType.REVERSAL, each.currency(), List.of(
                                new LedgerService.Leg(clearingAccount, -each.amount()), new LedgerService.Leg(wallet.accountId(), each.amount())),
                                each.reference(), each.reverses(), "xfer-in:" + each.transferId(), each.initiatedBy(), null, null)
                        : LedgerService.Entry.transferIn(each.currency(), clearingAccount, wallet.accountId(), each.amount(),
                                each.reference(), "xfer-in:" + each.transferId(), each.initiatedBy());
                Map<Long, LedgerAccount> parties = Map.of(clearingAccount, current.get(clearingAccount),
                        wallet.accountId(), current.get(wallet.accountId()));
                EntryArithmetic.validate(entry, parties);
                EntryArithmetic.Applied applied = EntryArithmetic.apply(entry, parties, today);
                current.putAll(applied.after());
                // The same id as the sending entry on the other shard: one transaction id in both histories.
                entryId = each.transferId();
                entries.add(new JournalWriter.NewEntry(entryId, entry.type().name(), each.currency(), applied.amount(),
                        entry.reference(), entry.reverses(), entry.externalRef(), entry.initiatedBy(), now, applied.postings()));
                changes.add(new TransactionEvents.Change(each.reverses() != null ? TransactionEventTypes.TRANSACTION_REVERSED
                        : TransactionEventTypes.TRANSFER_POSTED, each.transferId(), each.reverses() != null ? "REVERSAL" : "TRANSFER",
                        applied.after().get(wallet.accountId()), each.amount(),
                        each.reverses() != null ? each.reverses().toString() : each.fromWalletId().toString(), each.reference(), null, now));
            }
            String outcome = refusal == null ? "RECEIVED" : "REFUSED";
            outcomes.put(each.transferId(), new CrossShardEvents.Outcome(each.transferId(), each.fromShard(), each.toShard(),
                    outcome, refusal));
            receipts.add(new Object[]{each.transferId(), outcome, refusal, entryId});
        }
        journal.write(entries, changedAccounts(locked.accounts(), current));
        sql.work(connection -> {
            try (var update = connection.prepareStatement("""
                    update cross_shard_receipt r set outcome = x.outcome, reason = x.reason, entry_id = x.entry_id
                    from unnest(?::uuid[], ?::text[], ?::text[], ?::uuid[]) as x(id, outcome, reason, entry_id)
                    where r.transfer_id = x.id""")) {
                update.setArray(1, connection.createArrayOf("uuid", receipts.stream().map(r -> r[0]).toArray()));
                update.setArray(2, connection.createArrayOf("text", receipts.stream().map(r -> r[1]).toArray()));
                update.setArray(3, connection.createArrayOf("text", receipts.stream().map(r -> r[2]).toArray()));
                update.setArray(4, connection.createArrayOf("uuid", receipts.stream().map(r -> r[3]).toArray()));
                update.executeUpdate();
            }
            return null;
        });
        events.walletsChanged(changes);
        outbox.publishAll(outcomes.values().stream().map(outcome -> new EventOutbox.Outgoing(CrossShardEvents.TOPIC,
                "RECEIVED".equals(outcome.outcome()) ? CrossShardEvents.RECEIVED : CrossShardEvents.REFUSED, 1,
                outcome.transferId().toString(), outcome)).toList());
        return outcomes;
    }

    /** Why the recipient's shard cannot take a transfer, against the balances the batch has left; null when it can. */
    private static String refusal(CrossShardEvents.Sent sent, Optional<WalletView> recipient, Map<Long, LedgerAccount> current) {
        if (recipient.isEmpty()) {
            return "RECIPIENT_NOT_FOUND";
        }
        WalletView wallet = recipient.get();
        if (!wallet.isActive()) {
            return "RECIPIENT_WALLET_NOT_ACTIVE";
        }
        if (!wallet.currency().equals(sent.currency())) {
            return "CURRENCY_MISMATCH";
        }
        if (current.get(wallet.accountId()).balance() + sent.amount() > wallet.maxBalance()) {
            return "RECIPIENT_BALANCE_LIMIT";
        }
        return null;
    }

    private static List<LedgerAccount> changedAccounts(Map<Long, LedgerAccount> locked, Map<Long, LedgerAccount> current) {
        return current.values().stream().filter(account -> account.version() != locked.get(account.id()).version()).toList();
    }

    /** Step three for one transfer (its outcome's event, when the fast path did not finish it). */
    @Transactional(Transactional.TxType.MANDATORY)
    public TransferService.Result settle(CrossShardEvents.Outcome outcome) {
        return settleAll(List.of(outcome)).get(0);
    }

    /**
     * Step three, in one transaction on the sending shard: ends each SENT transfer as its receiver decided (RECEIVED:
     * POSTED; REFUSED: a reversal of the sending entry returns the money, RETURNED) and rewrites the sender's stored
     * answer; a transfer already ended is left as it is.
     *
     * @return each sender's answer after this call, in the order given (null for a transfer this shard does not know)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<TransferService.Result> settleAll(List<CrossShardEvents.Outcome> outcomes) {
        record Row(UUID entryId, UUID fromWallet, UUID toWallet, long amount, String currency, String status, String scope,
                   String key, int toShard, Instant createdAt, long senderVersion) {
        }
        Map<UUID, Row> rows = new HashMap<>();
        sql.work(connection -> {
            try (var query = connection.prepareStatement("""
                    select id, entry_id, from_wallet_id, to_wallet_id, amount, currency, status, idempotency_scope,
                           idempotency_key, to_shard, created_at, sender_version
                    from cross_shard_transfer where id = any(?::uuid[]) order by id for update""")) {
                query.setArray(1, connection.createArrayOf("uuid",
                        outcomes.stream().map(CrossShardEvents.Outcome::transferId).toArray()));
                try (var r = query.executeQuery()) {
                    while (r.next()) {
                        rows.put(r.getObject(1, UUID.class), new Row(r.getObject(2, UUID.class), r.getObject(3, UUID.class),
                                r.getObject(4, UUID.class), r.getLong(5), r.getString(6).trim(), r.getString(7), r.getString(8),
                                r.getString(9), r.getShort(10), r.getObject(11, OffsetDateTime.class).toInstant(), r.getLong(12)));
                    }
                }
            }
            return null;
        });
        // What comes back: the senders' accounts and the clearing accounts, locked in one ascending statement.
        Set<UUID> senders = new LinkedHashSet<>();
        Set<Long> clearing = new LinkedHashSet<>();
        for (CrossShardEvents.Outcome outcome : outcomes) {
            Row row = rows.get(outcome.transferId());
            if (row != null && "SENT".equals(row.status()) && !"RECEIVED".equals(outcome.outcome())) {
                senders.add(row.fromWallet());
                clearing.add(ledger.interShardAccount(row.toShard(), row.currency()));
            }
        }
        LedgerRepository.LockedWallets locked = senders.isEmpty() ? null : ledger.lockWallets(senders, clearing);
        Map<Long, LedgerAccount> current = locked == null ? new HashMap<>() : new HashMap<>(locked.accounts());
        LocalDate today = LocalDate.now(settings.limitsZone());
        Instant now = Instant.now();
        List<JournalWriter.NewEntry> entries = new ArrayList<>();
        List<TransactionEvents.Change> changes = new ArrayList<>();
        List<Object[]> ended = new ArrayList<>();
        List<TransferService.Result> answers = new ArrayList<>(outcomes.size());
        for (CrossShardEvents.Outcome outcome : outcomes) {
            Row row = rows.get(outcome.transferId());
            if (row == null) {
                LOG.warnf("an outcome for cross-shard transfer %s, unknown on this shard", outcome.transferId());
                answers.add(null);
                continue;
            }
            if (!"SENT".equals(row.status())) {
                answers.add(new TransferService.Result(row.entryId(), row.status(), row.amount(), row.currency(), row.fromWallet(),
                        row.toWallet(), row.createdAt(), row.senderVersion()));
                continue;
            }
            String status = POSTED;
            long version = row.senderVersion();
            if (!"RECEIVED".equals(outcome.outcome())) {
                status = RETURNED;
                WalletView sender = locked.wallet(row.fromWallet()).orElseThrow();
                long clearingAccount = ledger.interShardAccount(row.toShard(), row.currency());
                LedgerService.Entry back = LedgerService.Entry.reversal(row.currency(), List.of(
                                new LedgerService.Leg(clearingAccount, -row.amount()), new LedgerService.Leg(sender.accountId(), row.amount())),
                        "returned: " + outcome.reason(), row.entryId(), null);
                Map<Long, LedgerAccount> parties = Map.of(clearingAccount, current.get(clearingAccount),
                        sender.accountId(), current.get(sender.accountId()));
                EntryArithmetic.validate(back, parties);
                EntryArithmetic.Applied applied = EntryArithmetic.apply(back, parties, today);
                current.putAll(applied.after());
                UUID entryId = UUID.randomUUID();
                entries.add(new JournalWriter.NewEntry(entryId, EntryType.REVERSAL.name(), row.currency(), applied.amount(),
                        back.reference(), row.entryId(), null, null, now, applied.postings()));
                LedgerAccount after = applied.after().get(sender.accountId());
                version = after.version();
                changes.add(new TransactionEvents.Change(TransactionEventTypes.TRANSFER_POSTED, entryId, "REVERSAL", after,
                        row.amount(), row.toWallet().toString(), back.reference(), null, now));
            }
            TransferService.Result answer = new TransferService.Result(row.entryId(), status, row.amount(), row.currency(),
                    row.fromWallet(), row.toWallet(), row.createdAt(), version);
            answers.add(answer);
            ended.add(new Object[]{outcome.transferId(), status, outcome.reason(), row.scope(), row.key(),
                    idempotency.answer(201, answer).body()});
        }
        if (!ended.isEmpty()) {
            journal.write(entries, locked == null ? List.of() : changedAccounts(locked.accounts(), current));
            sql.work(connection -> {
                try (var update = connection.prepareStatement("""
                        update cross_shard_transfer t set status = x.status, reason = x.reason, settled_at = now()
                        from unnest(?::uuid[], ?::text[], ?::text[]) as x(id, status, reason) where t.id = x.id""");
                     var answer = connection.prepareStatement("""
                        update idempotency_record r set response_body = x.body
                        from unnest(?::text[], ?::text[], ?::text[]) as x(scope, key, body)
                        where r.scope = x.scope and r.idempotency_key = x.key""")) {
                    update.setArray(1, connection.createArrayOf("uuid", ended.stream().map(e -> e[0]).toArray()));
                    update.setArray(2, connection.createArrayOf("text", ended.stream().map(e -> e[1]).toArray()));
                    update.setArray(3, connection.createArrayOf("text", ended.stream().map(e -> e[2]).toArray()));
                    update.executeUpdate();
                    answer.setArray(1, connection.createArrayOf("text", ended.stream().map(e -> e[3]).toArray()));
                    answer.setArray(2, connection.createArrayOf("text", ended.stream().map(e -> e[4]).toArray()));
                    answer.setArray(3, connection.createArrayOf("text", ended.stream().map(e -> e[5]).toArray()));
                    answer.executeUpdate();
                }
                return null;
            });
            events.walletsChanged(changes);
        }
        return answers;
    }
}
