package io.moolah.transaction.service;

import io.moolah.platform.security.Caller;
import io.moolah.platform.web.ProblemException;
import io.moolah.transaction.model.LedgerAccount;
import io.moolah.transaction.model.WalletView;
import io.moolah.transaction.repository.LedgerRepository;
import io.moolah.transaction.repository.ReplicaSql;
import io.moolah.transaction.repository.Sql;
import io.moolah.transaction.shard.LedgerShards;
import io.moolah.transaction.shard.ShardScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The authoritative balance and the history of a wallet, for its owner (or an operator). */
@ApplicationScoped
public class WalletReads {
    public static final Set<String> ITEM_FIELDS = Set.of("transactionId", "type", "direction", "amount", "currency",
            "counterparty", "reference", "balanceAfter", "createdAt");

    @Inject
    LedgerRepository ledger;

    @Inject
    ReplicaSql replica;

    @Inject
    LedgerShards shards;

    @Schema(name = "LedgerBalance", requiredProperties = {"walletId", "currency", "ledgerBalance", "heldAmount",
            "availableBalance", "version", "asOf"},
            description = "The wallet's balance now, from the ledger. Amounts in minor units (cents).")
    public record Balance(UUID walletId, String currency, long ledgerBalance, long heldAmount,
                          @Schema(description = "ledgerBalance less heldAmount.") long availableBalance,
                          @Schema(description = "The wallet's version (for Min-Version).") long version, Instant asOf) {
    }

    @Schema(name = "LedgerTransactionPage", requiredProperties = "items")
    public record Page(@Schema(description = "The postings, newest first. Each item has the fields asked for with fields "
            + "(all when not given): transactionId (uuid), type (TRANSFER, TOPUP, TOPUP_SUSPENDED, HOLD_CAPTURE, LATE_CAPTURE, "
            + "ADJUSTMENT, REVERSAL), direction (CREDIT or DEBIT), amount (minor units, positive), currency, counterparty "
            + "(the other side: a wallet id or a system account key), reference (may be null), balanceAfter (minor units), "
            + "createdAt (date-time).") List<Map<String, Object>> items,
                       @Schema(description = "Where the next page starts (pass it as cursor); null on the last page.") String nextCursor) {
    }

    /** The ledger balance as it stood at an instant, and the account's version then. */
    @Schema(name = "LedgerBalanceAt", requiredProperties = {"walletId", "currency", "ledgerBalance", "at", "version"},
            description = "The ledger balance as it stood at an instant, in minor units (cents).")
    public record BalanceAt(UUID walletId, String currency, long ledgerBalance, Instant at,
                            @Schema(description = "The wallet's version then (0 before its first posting).") long version) {
    }

    /**
     * The balance now, from the shard's replicas when they have reached {@code minVersion} (and are within the staleness
     * bound), else from its primary; the owner check is in the same read. A wallet the replica does not have yet is asked
     * of the primary too, so a wallet just opened is found.
     */
    public Balance balance(Caller caller, UUID walletId, long minVersion) {
        return replica.read(connection -> visibleAccount(connection, caller, walletId)
                        .map(account -> new Balance(walletId, account.currency(), account.balance(), account.held(),
                                account.balance() - account.held(), account.version(), Instant.now())),
                        found -> found.version() >= minVersion)
                .orElseThrow(WalletReads::notFound);
    }

    /**
     * The balance as it stood at {@code at}: the balance after the wallet's last posting made by then (each posting
     * keeps the balance and the account's version it left), 0 and version 0 before its first. Read from the replicas,
     * as history is; an instant in the future has no balance yet (400).
     */
    public BalanceAt balanceAt(Caller caller, UUID walletId, Instant at) {
        if (at.isAfter(Instant.now())) {
            throw ProblemException.invalidField("at", "is in the future; a balance is known only up to now");
        }
        WalletView wallet = readable(caller, walletId);
        List<long[]> last = lastPostingBy(wallet.accountId(), at);
        if (last.isEmpty()) {
            // A wallet that moved between shards: the last posting by then may be on an account it left.
            List<Segment> earlier = replica.work(connection -> segments(connection, walletId));
            for (int i = 0; i < earlier.size() && last.isEmpty(); i++) {
                Segment segment = earlier.get(i);
                last = ShardScope.on(shards.shard(segment.shard()), () -> lastPostingBy(segment.accountId(), at));
            }
        }
        long balance = last.isEmpty() ? 0 : last.get(0)[0];
        long version = last.isEmpty() ? 0 : last.get(0)[1];
        return new BalanceAt(walletId, wallet.currency(), balance, at, version);
    }

    private List<long[]> lastPostingBy(long accountId, Instant at) {
        return replica.list("""
                        select p.balance_after, p.account_version from posting p join journal_entry e on e.id = p.entry_id
                        where p.account_id = ? and p.created_at <= ? and e.type <> 'MIGRATION' order by p.id desc limit 1""",
                row -> new long[]{row.getLong(1), row.getLong(2)}, accountId, at(at));
    }

    /**
     * Newest first. The cursor is the last posting's id: new postings get higher ids, so pages already read never
     * shift while money keeps moving. Read from the shard's replicas ({@link ReplicaSql}) with the owner check, in one
     * snapshot, when they have reached {@code minVersion} (the version the client's write returned, or the cache's
     * balance it keeps the page with): an entry committed a moment ago by someone else may appear a replication delay
     * later (at most {@code moolah.replica.max-lag}), never the client's own. A transfer to or from a wallet on
     * another shard names that wallet as counterparty (not the clearing account between the shards).
     */
    public Page history(Caller caller, UUID walletId, int limit, String cursor, Instant from, Instant to, Set<String> fields,
                        long minVersion) {
        Cursor at = cursor == null ? Cursor.START : decode(cursor);
        Rows read = replica.read(connection -> {
            Optional<VisibleAccount> account = visibleAccount(connection, caller, walletId);
            return account.isEmpty() ? Optional.<Rows>empty() : Optional.of(new Rows(account.get().version(),
                    at.segment() == 0 ? rowsOf(connection, account.get().id(), at.postingId(), from, to, limit) : List.of(),
                    segments(connection, walletId)));
        }, found -> found.version() >= minVersion).orElseThrow(WalletReads::notFound);
        List<Map<String, Object>> rows = new java.util.ArrayList<>(read.rows());
        // A wallet that moved between shards: its earlier postings, newest first, on the shards it left.
        for (int segment = Math.max(1, at.segment()); rows.size() <= limit && segment <= read.segments().size(); segment++) {
            Segment earlier = read.segments().get(segment - 1);
            long before = segment == at.segment() ? at.postingId() : Long.MAX_VALUE;
            int wanted = limit - rows.size();
            int index = segment;
            List<Map<String, Object>> older = ShardScope.on(shards.shard(earlier.shard()), () -> replica.work(connection ->
                    rowsOf(connection, earlier.accountId(), before, from, to, wanted)));
            older.forEach(item -> item.put("#segment", index));
            rows.addAll(older);
        }
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            Map<String, Object> last = rows.get(rows.size() - 1);
            next = encode(new Cursor((Integer) last.getOrDefault("#segment", 0), (Long) last.get("#")));
        }
        List<Map<String, Object>> items = rows.stream().map(item -> {
            Map<String, Object> shown = new LinkedHashMap<>();
            item.forEach((key, value) -> {
                if (!key.startsWith("#") && (fields.isEmpty() || fields.contains(key))) {
                    shown.put(key, value);
                }
            });
            return shown;
        }).toList();
        return new Page(items, next);
    }

    /** A page of postings read, with the account's version and the wallet's earlier accounts in the same snapshot. */
    private record Rows(long version, List<Map<String, Object>> rows, List<Segment> segments) {
    }

    /** Where a moved wallet's earlier postings are: a shard and its old (detached) account there. */
    private record Segment(int shard, long accountId) {
    }

    /** Where a page starts: the posting id below which it reads, on the current account (0) or an earlier one (1, 2...). */
    record Cursor(int segment, long postingId) {
        static final Cursor START = new Cursor(0, Long.MAX_VALUE);
    }

    private static List<Segment> segments(java.sql.Connection connection, UUID walletId) throws java.sql.SQLException {
        return Sql.list(connection, "select shard, account_id from wallet_history_segment where wallet_id = ? order by moved_at desc",
                row -> new Segment(row.getInt(1), row.getLong(2)), walletId);
    }

    private static List<Map<String, Object>> rowsOf(java.sql.Connection connection, long accountId, long before, Instant from,
                                                   Instant to, int limit) throws java.sql.SQLException {
        return Sql.list(connection, """
                        select p.id, e.id, e.type, p.amount, e.currency, e.reference, p.balance_after, e.created_at,
                               (select coalesce(a.wallet_id::text,
                                       case when a.kind = 'INTER_SHARD_CLEARING' then coalesce(
                                           (select t.to_wallet_id::text from cross_shard_transfer t
                                             where t.entry_id = coalesce(e.reverses_id, e.id)),
                                           (select r.from_wallet_id::text from cross_shard_receipt r where r.transfer_id = e.id))
                                       end, a.account_key)
                                  from posting o join ledger_account a on a.id = o.account_id
                                 where o.entry_id = e.id and o.account_id <> p.account_id order by o.id limit 1)
                        from posting p join journal_entry e on e.id = p.entry_id
                        where p.account_id = ? and p.id < ? and e.created_at >= ? and e.created_at < ?
                          and e.type <> 'MIGRATION'
                        order by p.id desc limit ?""",
                row -> {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("#", row.getLong(1));
                    long amount = row.getLong(4);
                    item.put("transactionId", row.getObject(2, UUID.class));
                    item.put("type", row.getString(3));
                    item.put("direction", amount > 0 ? "CREDIT" : "DEBIT");
                    item.put("amount", Math.abs(amount));
                    item.put("currency", row.getString(5));
                    item.put("counterparty", row.getString(9));
                    item.put("reference", row.getString(6));
                    item.put("balanceAfter", row.getLong(7));
                    item.put("createdAt", row.getObject(8, OffsetDateTime.class).toInstant());
                    return item;
                },
                accountId, before, at(from == null ? Instant.EPOCH : from),
                at(to == null ? Instant.parse("9999-12-31T00:00:00Z") : to), limit + 1);
    }

    private WalletView readable(Caller caller, UUID walletId) {
        return ledger.walletVisibleTo(caller, walletId).orElseThrow(WalletReads::notFound);
    }

    /** The wallet's ledger account as this connection sees it, if the caller may see the wallet (its owner or an operator). */
    private static Optional<VisibleAccount> visibleAccount(java.sql.Connection connection, Caller caller, UUID walletId)
            throws java.sql.SQLException {
        return Sql.list(connection, """
                        select w.customer_id, a.id, a.currency, a.balance, a.held, a.version
                        from wallet w join ledger_account a on a.wallet_id = w.wallet_id where w.wallet_id = ?""",
                        row -> new VisibleAccount(row.getObject(1, UUID.class), row.getLong(2), row.getString(3).trim(),
                                row.getLong(4), row.getLong(5), row.getLong(6)), walletId).stream()
                .filter(account -> caller.isOperator() || account.customerId().equals(caller.customerId()))
                .findFirst();
    }

    private record VisibleAccount(UUID customerId, long id, String currency, long balance, long held, long version) {
    }

    private static ProblemException notFound() {
        return ProblemException.notFound("WALLET_NOT_FOUND", "No such wallet.");
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, java.time.ZoneOffset.UTC);
    }

    /** The cursor of a page: version 1 (a posting id on the current account) unless the page is on an earlier account. */
    static String encode(Cursor cursor) {
        ByteBuffer bytes = cursor.segment() == 0 ? ByteBuffer.allocate(9).put((byte) 1).putLong(cursor.postingId())
                : ByteBuffer.allocate(13).put((byte) 2).putInt(cursor.segment()).putLong(cursor.postingId());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    static Cursor decode(String cursor) {
        try {
            ByteBuffer bytes = ByteBuffer.wrap(Base64.getUrlDecoder().decode(cursor));
            if (bytes.remaining() == 9 && bytes.get(0) == 1) {
                return new Cursor(0, bytes.getLong(1));
            }
            if (bytes.remaining() == 13 && bytes.get(0) == 2 && bytes.getInt(1) > 0) {
                return new Cursor(bytes.getInt(1), bytes.getLong(5));
            }
            throw new IllegalArgumentException();
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("cursor", "is not a cursor this API gave out");
        }
    }
}
