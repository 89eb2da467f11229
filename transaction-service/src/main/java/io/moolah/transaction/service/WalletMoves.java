package io.moolah.transaction.service;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.moolah.events.transaction.TransactionEventTypes;
import io.moolah.platform.security.Caller;
import io.moolah.platform.web.ProblemException;
import io.moolah.transaction.event.TransactionEvents;
import io.moolah.transaction.model.LedgerAccount;
import io.moolah.transaction.model.WalletStatus;
import io.moolah.transaction.model.WalletView;
import io.moolah.transaction.repository.LedgerRepository;
import io.moolah.transaction.repository.Sql;
import io.moolah.transaction.shard.LedgerShards;
import io.moolah.transaction.shard.Shard;
import io.moolah.transaction.shard.ShardScope;
import io.moolah.transaction.shard.WalletDirectory;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Moves a wallet's money and ledger account to another shard (docs/sharding.md "Moving a wallet"; the procedure is in
 * docs/operations.md). The wallet must be frozen, with no open holds and nothing in flight between shards. Four steps,
 * each one transaction on one shard, each safe to run again, so the same request after a failure anywhere finishes
 * the move (nothing else drives it):
 * <ol>
 *   <li><b>leave</b> (old shard): the balance goes by a MIGRATION entry into the clearing account for the new shard, a
 *       {@code cross_shard_transfer} row from the wallet to itself says it is in flight (the audit counts it), the
 *       wallet's account is detached ({@code MOVED_WALLET}, no wallet id: nothing later can land there), a
 *       {@code wallet_move} row is SENT;</li>
 *   <li><b>arrive</b> (new shard, once: {@code cross_shard_receipt}): the wallet's account is opened at the version it
 *       left with, the balance arrives by a MIGRATION entry from the clearing account for the old shard, the wallet's
 *       earlier accounts are recorded for history, its idempotency records are copied (a retried key stays a
 *       replay);</li>
 *   <li><b>settle</b> (old shard): the in-flight row POSTED, the move DONE;</li>
 *   <li><b>record</b> (every shard): the directory says the new shard; shard 0's directory generation moves on, so
 *       every replica forgets the shard it remembered for the wallet.</li>
 * </ol>
 */
@ApplicationScoped
public class WalletMoves {
    private static final Logger LOG = Logger.getLogger(WalletMoves.class);
    private static final String MOVE_SCOPE = "wallet-move";

    @Inject
    LedgerShards shards;

    @Inject
    WalletDirectory directory;

    @Inject
    LedgerRepository ledger;

    @Inject
    LedgerService postings;

    @Inject
    TransactionEvents events;

    @Inject
    Sql sql;

    @Schema(name = "WalletMove", requiredProperties = {"moveId", "walletId", "fromShard", "toShard", "amount", "currency",
            "version", "status"}, description = "A wallet moved between ledger shards.")
    public record Move(UUID moveId, UUID walletId, UUID customerId, int fromShard, int toShard,
                       @JsonIgnore @Schema(hidden = true) long fromAccountId,
                       @Schema(description = "Minor units: the balance that moved.") long amount, String currency,
                       @Schema(description = "The wallet's version when it left the old shard; it goes on from there.") long version,
                       @Schema(description = "DONE once every step has run.") String status) {
    }

    /** Moves the wallet to {@code toShard}, or finishes a move of it that stopped part-way (to the same shard). */
    public Move move(Caller operator, UUID walletId, int toShard, String reason) {
        if (toShard < 0 || toShard >= shards.count()) {
            throw ProblemException.invalidField("toShard", "names no ledger shard (there are " + shards.count() + ")");
        }
        Move move = unfinished(walletId).map(started -> {
            if (started.toShard() != toShard) {
                throw ProblemException.conflict("WALLET_MOVE_IN_PROGRESS", "The wallet is being moved to shard "
                        + started.toShard() + "; finish that move first (the same request with toShard " + started.toShard() + ").");
            }
            return started;
        }).orElseGet(() -> leave(operator, walletId, toShard, reason));
        arrive(move);
        settle(move);
        record(move);
        LOG.infof("wallet %s moved from %s to %s (%d %s, version %d)", walletId, shards.shard(move.fromShard()),
                shards.shard(move.toShard()), move.amount(), move.currency(), move.version());
        return new Move(move.moveId(), move.walletId(), move.customerId(), move.fromShard(), move.toShard(), move.fromAccountId(),
                move.amount(), move.currency(), move.version(), "DONE");
    }

    /** A move of this wallet that left its shard and has not been settled there (at most one, by a unique index). */
    private Optional<Move> unfinished(UUID walletId) {
        for (Shard shard : shards.shards()) {
            Optional<Move> found = ShardScope.on(shard, () -> sql.one("""
                    select id, wallet_id, customer_id, from_shard, to_shard, from_account_id, amount, currency, version_after, status
                    from wallet_move where wallet_id = ? and status = 'SENT'""", WalletMoves::move, walletId));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Step 1, on the wallet's shard: the checks, the money out, the account detached. */
    private Move leave(Caller operator, UUID walletId, int toShard, String reason) {
        directory.forget(walletId);
        Shard from = directory.shardOf(walletId);
        if (from.number() == toShard) {
            ShardScope.on(from, () -> ledger.wallet(walletId)).orElseThrow(WalletMoves::notFound);
            throw ProblemException.conflict("WALLET_ALREADY_ON_SHARD", "The wallet is on shard " + toShard + " already.");
        }
        requireNothingInFlightTo(walletId);
        return ShardScope.on(from, () -> QuarkusTransaction.requiringNew().call(() -> {
            long clearing = ledger.interShardAccount(toShard, walletCurrency(walletId));
            LedgerRepository.LockedWallets locked = ledger.lockWallets(List.of(walletId), List.of(clearing));
            WalletView wallet = locked.wallet(walletId).orElseThrow(() -> movedMeanwhileOrNotFound(walletId));
            LedgerAccount account = locked.accounts().get(wallet.accountId());
            requireMovable(wallet, account);
            UUID moveId = UUID.randomUUID();
            long version = account.version();
            if (account.balance() > 0) {
                LedgerService.Posted posted = postings.post(LedgerService.Entry.migration(account.currency(), account.id(),
                        clearing, account.balance(), "wallet-move-out:" + moveId, operator.customerId()), LedgerService.Rules.NONE, moveId);
                version = posted.account(account.id()).version();
                sql.update("""
                        insert into cross_shard_transfer (id, entry_id, from_wallet_id, to_wallet_id, to_shard, amount, currency,
                            status, reference, initiated_by, idempotency_scope, idempotency_key, sender_version, reason)
                        values (?, ?, ?, ?, ?, ?, ?, 'SENT', 'wallet move', ?, ?, ?, ?, ?)""",
                        moveId, moveId, walletId, walletId, (short) toShard, account.balance(), account.currency(),
                        operator.customerId(), MOVE_SCOPE, moveId.toString(), version, reason);
            }
            sql.update("update ledger_account set kind = 'MOVED_WALLET', wallet_id = null, account_key = ? where id = ?",
                    "moved-wallet:" + walletId + ":" + moveId, account.id());
            sql.update("""
                    insert into wallet_move (id, wallet_id, customer_id, from_shard, to_shard, from_account_id, amount, currency,
                        version_after, status, operator_id, reason) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'SENT', ?, ?)""",
                    moveId, walletId, wallet.customerId(), (short) from.number(), (short) toShard, account.id(),
                    account.balance(), account.currency(), version, operator.customerId(), reason);
            sql.update("update wallet set shard = ? where wallet_id = ?", (short) toShard, walletId);
            return new Move(moveId, walletId, wallet.customerId(), from.number(), toShard, account.id(), account.balance(),
                    account.currency(), version, "SENT");
        }));
    }

    /** Another request moved the wallet between this one's look-up and its lock (its account here is detached). */
    private ProblemException movedMeanwhileOrNotFound(UUID walletId) {
        boolean moved = sql.one("select 1 from wallet_move where wallet_id = ? limit 1", row -> 1, walletId).isPresent();
        return moved ? ProblemException.conflict("WALLET_MOVE_IN_PROGRESS", "The wallet was moved by another request a moment "
                + "ago; look at where it is now before asking again.") : notFound();
    }

    private String walletCurrency(UUID walletId) {
        return ledger.wallet(walletId).map(WalletView::currency).orElseThrow(WalletMoves::notFound);
    }

    private void requireMovable(WalletView wallet, LedgerAccount account) {
        if (wallet.status() != WalletStatus.FROZEN) {
            throw ProblemException.conflict("WALLET_NOT_FROZEN", "Freeze the wallet first: nothing may move while it moves.");
        }
        if (account.held() != 0 || sql.one("select 1 from hold where account_id = ? and status = 'OPEN' limit 1",
                row -> 1, account.id()).isPresent()) {
            throw ProblemException.conflict("WALLET_HAS_OPEN_HOLDS", "The wallet has open holds: wait until they are "
                    + "captured, voided or expired.");
        }
        if (account.balance() < 0) {
            throw ProblemException.conflict("WALLET_OVERDRAWN", "The wallet's balance is below zero: settle it first.");
        }
        if (sql.one("select 1 from cross_shard_transfer where from_wallet_id = ? and status = 'SENT' limit 1", row -> 1,
                wallet.walletId()).isPresent()) {
            throw ProblemException.conflict("TRANSFERS_IN_FLIGHT", "A transfer from the wallet is still on its way between "
                    + "ledger shards; ask again in a moment.");
        }
        if (sql.one("select count(*) from wallet where customer_id = ? and wallet_id <> ? and status <> 'CLOSED'",
                row -> row.getLong(1), wallet.customerId(), wallet.walletId()).orElse(0L) > 0) {
            throw ProblemException.conflict("CUSTOMER_HAS_OTHER_WALLETS", "The customer has other wallets, which live on "
                    + "the same shard: moving one alone is not supported.");
        }
    }

    /** Transfers to the wallet from other shards that have not arrived would come to the old shard: wait for them. */
    private void requireNothingInFlightTo(UUID walletId) {
        for (Shard shard : shards.shards()) {
            boolean inFlight = ShardScope.on(shard, () -> sql.one(
                    "select 1 from cross_shard_transfer where to_wallet_id = ? and status = 'SENT' limit 1", row -> 1, walletId)
                    .isPresent());
            if (inFlight) {
                throw ProblemException.conflict("TRANSFERS_IN_FLIGHT", "A transfer to the wallet is still on its way between "
                        + "ledger shards; ask again in a moment.");
            }
        }
    }

    /** Step 2, on the new shard, once. */
    private void arrive(Move move) {
        Shard from = shards.shard(move.fromShard());
        Shard to = shards.shard(move.toShard());
        // What the new shard copies from the old one, read before its transaction (a transaction uses one shard).
        LedgerAccount old = ShardScope.on(from, () -> ledger.account(move.fromAccountId())).orElseThrow();
        List<Segment> earlier = ShardScope.on(from, () -> sql.list(
                "select shard, account_id, moved_at from wallet_history_segment where wallet_id = ?",
                row -> new Segment(row.getInt(1), row.getLong(2), row.getObject(3, java.time.OffsetDateTime.class)), move.walletId()));
        List<Object[]> keys = ShardScope.on(from, () -> sql.list("""
                select scope, idempotency_key, request_hash, response_status, response_body, created_at from idempotency_record
                where scope in (?, ?, ?)""", row -> new Object[]{row.getString(1), row.getString(2), row.getString(3),
                row.getInt(4), row.getString(5), row.getObject(6, java.time.OffsetDateTime.class)},
                "transfer:" + move.customerId(), "hold:" + move.customerId(), "hold-capture:" + move.customerId()));
        ShardScope.run(to, () -> QuarkusTransaction.requiringNew().run(() -> {
            int claimed = sql.update("""
                    insert into cross_shard_receipt (transfer_id, from_shard, from_wallet_id, outcome, entry_id)
                    values (?, ?, ?, 'RECEIVED', null) on conflict (transfer_id) do nothing""",
                    move.moveId(), (short) move.fromShard(), move.walletId());
            if (claimed == 0) {
                return;
            }
            sql.update("""
                    insert into ledger_account (account_key, kind, wallet_id, currency, balance, held, overdraft_limit, sent_day,
                        sent_day_total, sent_month, sent_month_total, version) values (?, 'WALLET', ?, ?, 0, 0, ?, ?, ?, ?, ?, ?)""",
                    "wallet:" + move.walletId(), move.walletId(), move.currency(), old.overdraftLimit(), date(old.sentDay()),
                    old.sentDayTotal(), date(old.sentMonth()), old.sentMonthTotal(), move.version());
            long account = sql.one("select id from ledger_account where wallet_id = ?", row -> row.getLong(1), move.walletId())
                    .orElseThrow();
            if (move.amount() > 0) {
                long clearing = ledger.interShardAccount(move.fromShard(), move.currency());
                LedgerService.Posted posted = postings.post(LedgerService.Entry.migration(move.currency(), clearing, account,
                        move.amount(), "wallet-move-in:" + move.moveId(), null), LedgerService.Rules.NONE, move.moveId());
                sql.update("update cross_shard_receipt set entry_id = ? where transfer_id = ?", move.moveId(), move.moveId());
                // The wallet's balance and version as they now stand, for the cache-service (its money did not change).
                events.walletChanged(TransactionEventTypes.ADJUSTMENT_POSTED, move.moveId(), "MIGRATION", posted.account(account),
                        move.amount(), "inter-shard:" + move.fromShard(), "wallet move", null, posted.at());
            }
            sql.update("insert into wallet_history_segment (wallet_id, shard, account_id, moved_at) values (?, ?, ?, now())"
                    + " on conflict do nothing", move.walletId(), (short) move.fromShard(), move.fromAccountId());
            for (Segment segment : earlier) {
                sql.update("insert into wallet_history_segment (wallet_id, shard, account_id, moved_at) values (?, ?, ?, ?)"
                        + " on conflict do nothing", move.walletId(), (short) segment.shard(), segment.accountId(), segment.movedAt());
            }
            for (Object[] key : keys) {
                sql.update("""
                        insert into idempotency_record (scope, idempotency_key, request_hash, response_status, response_body, created_at)
                        values (?, ?, ?, ?, ?, ?) on conflict do nothing""", key);
            }
            sql.update("update wallet set shard = ? where wallet_id = ?", (short) move.toShard(), move.walletId());
        }));
    }

    /** Step 3, on the old shard: nothing is in flight any more. */
    private void settle(Move move) {
        ShardScope.run(shards.shard(move.fromShard()), () -> QuarkusTransaction.requiringNew().run(() -> {
            sql.update("update cross_shard_transfer set status = 'POSTED', settled_at = now() where id = ? and status = 'SENT'",
                    move.moveId());
            sql.update("update wallet_move set status = 'DONE', done_at = now() where id = ? and status = 'SENT'", move.moveId());
        }));
    }

    /** Step 4: every shard's directory, then every replica's memory of it. */
    private void record(Move move) {
        for (Shard shard : shards.shards()) {
            ShardScope.run(shard, () -> QuarkusTransaction.requiringNew().run(() -> {
                sql.update("update wallet set shard = ? where wallet_id = ?", (short) move.toShard(), move.walletId());
                if (shard.number() == 0) {
                    sql.update("update directory_generation set generation = generation + 1 where id = 1");
                }
            }));
        }
        directory.forget(move.walletId());
    }

    private record Segment(int shard, long accountId, java.time.OffsetDateTime movedAt) {
    }

    private static Move move(java.sql.ResultSet row) throws java.sql.SQLException {
        return new Move(row.getObject(1, UUID.class), row.getObject(2, UUID.class), row.getObject(3, UUID.class), row.getInt(4),
                row.getInt(5), row.getLong(6), row.getLong(7), row.getString(8).trim(), row.getLong(9), row.getString(10));
    }

    private static java.sql.Date date(java.time.LocalDate day) {
        return day == null ? null : java.sql.Date.valueOf(day);
    }

    private static ProblemException notFound() {
        return ProblemException.notFound("WALLET_NOT_FOUND", "No such wallet.");
    }
}
