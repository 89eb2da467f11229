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

import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
    LedgerService postings;

    @Inject
    LedgerShards shards;

    @Inject
    EventOutbox outbox;

    @Inject
    TransactionEvents events;

    @Inject
    Idempotency idempotency;

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
                        status, reference, initiated_by, idempotency_scope, idempotency_key, created_at, reverses)
                    select t.id, t.id, t.from_wallet, t.to_wallet, t.to_shard, t.amount, t.currency, 'SENT', t.reference,
                        t.initiated_by, t.scope, t.key, t.created_at::timestamptz, t.reverses
                    from unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::int2[], ?::int8[], ?::text[], ?::text[], ?::uuid[],
                        ?::text[], ?::text[], ?::text[], ?::uuid[]) as t(id, from_wallet, to_wallet, to_shard, amount, currency,
                        reference, initiated_by, scope, key, created_at, reverses)""")) {
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
                insert.executeUpdate();
            }
            return null;
        });
        outbox.publishAll(sent.stream().map(s -> new EventOutbox.Outgoing(CrossShardEvents.TOPIC, CrossShardEvents.SENT, 1,
                s.event().transferId().toString(), s.event(), s.traceParent())).toList());
    }

    /**
     * Both remaining steps at once, each in its own transaction on its own shard, right after the batch committed.
     *
     * @return the answer for the sender now: POSTED, RETURNED, or the PENDING answer it had when a step could not run
     *         (the events finish it; the stored answer follows)
     */
    public TransferService.Result complete(Sent sent) {
        CrossShardEvents.Sent event = sent.event();
        try {
            CrossShardEvents.Outcome outcome = ShardScope.on(shards.shard(event.toShard()),
                    () -> QuarkusTransaction.requiringNew().call(() -> receive(event)));
            return ShardScope.on(shards.shard(event.fromShard()),
                    () -> QuarkusTransaction.requiringNew().call(() -> settle(outcome)));
        } catch (RuntimeException e) {
            LOG.warnf("cross-shard transfer %s left to its events: %s", event.transferId(), e.toString());
            return sent.result();
        }
    }

    /**
     * The fast path for a movement the current shard has just sent across outside a batch (an operator's reversal of a
     * cross-shard transfer): nothing when {@code id} is no such movement or it has ended.
     */
    public void completeSent(UUID id) {
        int here = shards.currentShard().number();
        Optional<Sent> sent = sql.one("""
                        select from_wallet_id, to_wallet_id, to_shard, amount, currency, reference, initiated_by, reverses,
                               idempotency_scope, idempotency_key, created_at
                        from cross_shard_transfer where id = ? and status = 'SENT'""",
                row -> {
                    CrossShardEvents.Sent event = new CrossShardEvents.Sent(id, here, row.getShort(3), row.getObject(1, UUID.class),
                            row.getObject(2, UUID.class), row.getLong(4), row.getString(5).trim(), row.getString(6),
                            row.getObject(7, UUID.class), row.getObject(8, UUID.class));
                    TransferService.Result result = new TransferService.Result(id, PENDING, event.amount(), event.currency(),
                            event.fromWalletId(), event.toWalletId(), row.getObject(11, java.time.OffsetDateTime.class).toInstant(), 0);
                    return new Sent(event, new Idempotency.Claim(row.getString(9), row.getString(10), ""), result, null);
                }, id);
        sent.ifPresent(this::complete);
    }

    /**
     * Step two, in a transaction on the receiver's shard: the first call decides and records the outcome (and publishes
     * it); any later call returns the recorded outcome and changes nothing.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public CrossShardEvents.Outcome receive(CrossShardEvents.Sent sent) {
        int claimed = sql.update("insert into cross_shard_receipt (transfer_id, from_shard, from_wallet_id, outcome)"
                + " values (?, ?, ?, 'REFUSED') on conflict (transfer_id) do nothing", sent.transferId(), (short) sent.fromShard(),
                sent.fromWalletId());
        if (claimed == 0) {
            return sql.one("select outcome, reason from cross_shard_receipt where transfer_id = ?",
                    row -> new CrossShardEvents.Outcome(sent.transferId(), sent.fromShard(), sent.toShard(), row.getString(1),
                            row.getString(2)), sent.transferId()).orElseThrow();
        }
        String refusal = null;
        UUID entryId = null;
        Optional<WalletView> recipient = ledger.wallet(sent.toWalletId());
        if (sent.reverses() != null && recipient.isPresent()) {
            entryId = receiveReversal(sent, recipient.get());
        } else if (recipient.isEmpty()) {
            refusal = "RECIPIENT_NOT_FOUND";
        } else if (!recipient.get().isActive()) {
            refusal = "RECIPIENT_WALLET_NOT_ACTIVE";
        } else if (!recipient.get().currency().equals(sent.currency())) {
            refusal = "CURRENCY_MISMATCH";
        } else {
            WalletView wallet = recipient.get();
            long clearing = ledger.interShardAccount(sent.fromShard(), sent.currency());
            LedgerService.Entry entry = LedgerService.Entry.transferIn(sent.currency(), clearing, wallet.accountId(),
                    sent.amount(), sent.reference(), "xfer-in:" + sent.transferId(), sent.initiatedBy());
            // Locked (ascending, as post does) and checked first: a refusal thrown through post would mark the whole
            // transaction for rollback, and the refusal must be recorded.
            LedgerAccount locked = postings.lockAll(clearing, wallet.accountId()).get(wallet.accountId());
            if (locked.balance() + sent.amount() > wallet.maxBalance()) {
                refusal = "RECIPIENT_BALANCE_LIMIT";
            } else {
                // The same transaction id on both shards: each side's history and events name one transfer.
                LedgerService.Posted posted = postings.post(entry, LedgerService.Rules.NONE, sent.transferId());
                entryId = posted.entryId();
                LedgerAccount after = posted.account(wallet.accountId());
                events.walletChanged(TransactionEventTypes.TRANSFER_POSTED, sent.transferId(), "TRANSFER", after, sent.amount(),
                        sent.fromWalletId().toString(), sent.reference(), null, posted.at());
            }
        }
        String outcome = refusal == null ? "RECEIVED" : "REFUSED";
        sql.update("update cross_shard_receipt set outcome = ?, reason = ?, entry_id = ? where transfer_id = ?",
                outcome, refusal, entryId, sent.transferId());
        CrossShardEvents.Outcome result = new CrossShardEvents.Outcome(sent.transferId(), sent.fromShard(), sent.toShard(),
                outcome, refusal);
        outbox.publish(CrossShardEvents.TOPIC, refusal == null ? CrossShardEvents.RECEIVED : CrossShardEvents.REFUSED, 1,
                sent.transferId().toString(), result);
        return result;
    }

    /**
     * An operator's reversal of a cross-shard transfer arriving back on the original sender's shard: the sending entry
     * is reversed here (clearing account to the sender), with the reversal's id; never refused, as an operator decided.
     */
    private UUID receiveReversal(CrossShardEvents.Sent sent, WalletView original) {
        long clearing = ledger.interShardAccount(sent.fromShard(), sent.currency());
        LedgerService.Entry entry = new LedgerService.Entry(io.moolah.transaction.model.EntryType.REVERSAL, sent.currency(),
                List.of(new LedgerService.Leg(clearing, -sent.amount()), new LedgerService.Leg(original.accountId(), sent.amount())),
                sent.reference(), sent.reverses(), "xfer-in:" + sent.transferId(), sent.initiatedBy(), null, null);
        LedgerService.Posted posted = postings.post(entry, LedgerService.Rules.NONE, sent.transferId());
        events.walletChanged(TransactionEventTypes.TRANSACTION_REVERSED, sent.transferId(), "REVERSAL",
                posted.account(original.accountId()), sent.amount(), sent.reverses().toString(), sent.reference(), null, posted.at());
        return posted.entryId();
    }

    /**
     * Step three, in a transaction on the sender's shard: ends a SENT transfer as the receiver decided; a transfer
     * already ended is left as it is.
     *
     * @return the sender's answer after this call (null for a transfer this shard does not know)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public TransferService.Result settle(CrossShardEvents.Outcome outcome) {
        record Row(UUID entryId, UUID fromWallet, UUID toWallet, long amount, String currency, String status, String reference,
                   String scope, String key, int toShard, Instant createdAt) {
        }
        Row row = sql.one("""
                        select entry_id, from_wallet_id, to_wallet_id, amount, currency, status, reference, idempotency_scope,
                               idempotency_key, to_shard, created_at
                        from cross_shard_transfer where id = ? for update""",
                r -> new Row(r.getObject(1, UUID.class), r.getObject(2, UUID.class), r.getObject(3, UUID.class), r.getLong(4),
                        r.getString(5).trim(), r.getString(6), r.getString(7), r.getString(8), r.getString(9), r.getShort(10),
                        r.getObject(11, java.time.OffsetDateTime.class).toInstant()),
                outcome.transferId()).orElse(null);
        if (row == null) {
            LOG.warnf("an outcome for cross-shard transfer %s, unknown on this shard", outcome.transferId());
            return null;
        }
        if (!"SENT".equals(row.status())) {
            long version = ledger.wallet(row.fromWallet()).flatMap(w -> ledger.account(w.accountId()))
                    .map(LedgerAccount::version).orElse(0L);
            return new TransferService.Result(row.entryId(), row.status(), row.amount(), row.currency(), row.fromWallet(),
                    row.toWallet(), row.createdAt(), version);
        }
        Instant now = Instant.now();
        String status;
        long senderVersion;
        if ("RECEIVED".equals(outcome.outcome())) {
            status = POSTED;
            senderVersion = ledger.wallet(row.fromWallet()).flatMap(w -> ledger.account(w.accountId()))
                    .map(LedgerAccount::version).orElse(0L);
        } else {
            status = RETURNED;
            WalletView sender = ledger.wallet(row.fromWallet()).orElseThrow();
            long clearing = ledger.interShardAccount(row.toShard(), row.currency());
            LedgerService.Entry back = LedgerService.Entry.reversal(row.currency(),
                    List.of(new LedgerService.Leg(clearing, -row.amount()), new LedgerService.Leg(sender.accountId(), row.amount())),
                    "returned: " + outcome.reason(), row.entryId(), null);
            LedgerService.Posted posted = postings.post(back, LedgerService.Rules.NONE);
            LedgerAccount after = posted.account(sender.accountId());
            senderVersion = after.version();
            events.walletChanged(TransactionEventTypes.TRANSFER_POSTED, posted.entryId(), "REVERSAL", after, row.amount(),
                    row.toWallet().toString(), "returned: " + outcome.reason(), null, posted.at());
        }
        sql.update("update cross_shard_transfer set status = ?, reason = ?, settled_at = ? where id = ?", status,
                outcome.reason(), now, outcome.transferId());
        TransferService.Result answer = new TransferService.Result(row.entryId(), status, row.amount(), row.currency(),
                row.fromWallet(), row.toWallet(), row.createdAt(), senderVersion);
        sql.update("update idempotency_record set response_body = ? where scope = ? and idempotency_key = ?",
                idempotency.answer(201, answer).body(), row.scope(), row.key());
        return answer;
    }
}
