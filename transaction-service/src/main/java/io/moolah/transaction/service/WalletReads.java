package io.moolah.transaction.service;

import io.moolah.platform.security.Caller;
import io.moolah.platform.web.ProblemException;
import io.moolah.transaction.model.LedgerAccount;
import io.moolah.transaction.model.WalletView;
import io.moolah.transaction.repository.LedgerRepository;
import io.moolah.transaction.repository.ReplicaSql;
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

    @Transactional
    public Balance balance(Caller caller, UUID walletId) {
        WalletView wallet = readable(caller, walletId);
        LedgerAccount account = ledger.account(wallet.accountId()).orElseThrow();
        return new Balance(walletId, account.currency(), account.balance(), account.held(), account.available(),
                account.version(), Instant.now());
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
        List<long[]> last = replica.list("""
                        select p.balance_after, p.account_version from posting p
                        where p.account_id = ? and p.created_at <= ? order by p.id desc limit 1""",
                row -> new long[]{row.getLong(1), row.getLong(2)}, wallet.accountId(), at(at));
        long balance = last.isEmpty() ? 0 : last.get(0)[0];
        long version = last.isEmpty() ? 0 : last.get(0)[1];
        return new BalanceAt(walletId, wallet.currency(), balance, at, version);
    }

    /**
     * Newest first. The cursor is the last posting's id: new postings get higher ids, so pages already read never
     * shift while money keeps moving. Read from the replicas ({@link ReplicaSql}): an entry committed a moment ago
     * may appear a replication delay later. The ownership check reads the primary. A transfer to or from a wallet on
     * another shard names that wallet as counterparty (not the clearing account between the shards).
     */
    public Page history(Caller caller, UUID walletId, int limit, String cursor, Instant from, Instant to, Set<String> fields) {
        WalletView wallet = readable(caller, walletId);
        long before = cursor == null ? Long.MAX_VALUE : decode(cursor);
        List<Map<String, Object>> rows = replica.list("""
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
                wallet.accountId(), before, at(from == null ? Instant.EPOCH : from),
                at(to == null ? Instant.parse("9999-12-31T00:00:00Z") : to), limit + 1);
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            next = encode((Long) rows.get(rows.size() - 1).get("#"));
        }
        List<Map<String, Object>> items = rows.stream().map(item -> {
            Map<String, Object> shown = new LinkedHashMap<>();
            item.forEach((key, value) -> {
                if (!key.equals("#") && (fields.isEmpty() || fields.contains(key))) {
                    shown.put(key, value);
                }
            });
            return shown;
        }).toList();
        return new Page(items, next);
    }

    private WalletView readable(Caller caller, UUID walletId) {
        return ledger.walletVisibleTo(caller, walletId)
                .orElseThrow(() -> ProblemException.notFound("WALLET_NOT_FOUND", "No such wallet."));
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, java.time.ZoneOffset.UTC);
    }

    static String encode(long postingId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(ByteBuffer.allocate(9).put((byte) 1).putLong(postingId).array());
    }

    static long decode(String cursor) {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(cursor);
            if (bytes.length != 9 || bytes[0] != 1) {
                throw new IllegalArgumentException();
            }
            return ByteBuffer.wrap(bytes, 1, 8).getLong();
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("cursor", "is not a cursor this API gave out");
        }
    }
}
