package io.moolah.transaction.repository;

import io.moolah.transaction.model.WalletStatus;
import io.moolah.platform.security.Caller;
import io.moolah.transaction.model.LedgerAccount;
import io.moolah.transaction.model.WalletView;
import jakarta.enterprise.context.ApplicationScoped;
import io.moolah.transaction.shard.LedgerShards;
import jakarta.inject.Inject;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Ledger accounts, wallets' projection, entries and postings, in SQL. */
@ApplicationScoped
public class LedgerRepository {
    private static final String WALLET_COLUMNS = """
            w.wallet_id, w.customer_id, w.phone_number, w.currency, w.status, w.kyc_tier, w.daily_send_limit,
            w.monthly_send_limit, w.max_balance, a.id""";
    /** How many columns {@link #WALLET_COLUMNS} selects (a row with an account after them starts there). */
    private static final int WALLET_COLUMN_COUNT = 10;
    private static final String ACCOUNT_COLUMNS = """
            id, kind, wallet_id, currency, balance, held, overdraft_limit, sent_day, sent_day_total, sent_month,
            sent_month_total, version""";

    @Inject
    Sql sql;

    @Inject
    LedgerShards shards;

    /** System accounts never change their id: cached after the first look-up, per shard ({@code <shard>/<key>}). */
    private final ConcurrentMap<String, Long> systemAccounts = new ConcurrentHashMap<>();

    public Optional<WalletView> wallet(UUID walletId) {
        return sql.one("select " + WALLET_COLUMNS + " from wallet w join ledger_account a on a.wallet_id = w.wallet_id"
                + " where w.wallet_id = ?", LedgerRepository::walletView, walletId);
    }

    /**
     * The wallet if {@code caller} may see it: its owner, or an operator. Someone else's wallet is as absent as an
     * unknown one, so the API answers both with the same 404.
     */
    public Optional<WalletView> walletVisibleTo(Caller caller, UUID walletId) {
        return wallet(walletId).filter(wallet -> caller.isOperator() || wallet.customerId().equals(caller.customerId()));
    }

    public Optional<WalletView> walletByPhone(String phoneNumber, String currency) {
        return sql.one("select " + WALLET_COLUMNS + " from wallet w join ledger_account a on a.wallet_id = w.wallet_id"
                + " where w.phone_number = ? and w.currency = ? and w.status <> 'CLOSED' order by w.wallet_id limit 1",
                LedgerRepository::walletView, phoneNumber, currency);
    }

    /** A recipient named by phone number: the oldest open wallet with that number in that currency. */
    public record PhoneKey(String phoneNumber, String currency) {
    }

    /** Wallets found for a batch of transfers, with the ledger account of every one of them locked (and any others asked). */
    public record LockedWallets(Map<UUID, WalletView> byId, Map<Long, LedgerAccount> accounts) {

        public Optional<WalletView> wallet(UUID walletId) {
            return Optional.ofNullable(byId.get(walletId));
        }
    }

    private static final String LOCKED_WALLET_COLUMNS = WALLET_COLUMNS + ", " + ACCOUNT_COLUMNS.replaceAll("(\\w+)", "a.$1");

    /**
     * Finds the wallets of this shard named by id and locks their ledger accounts, with {@code otherAccounts} (the
     * inter-shard clearing accounts a batch sends through), in one statement (one round trip for a whole batch):
     * ascending account id, {@code for no key update}, the same order and lock as {@link #lock}, so it queues behind any
     * other posting, or another replica's batch, instead of deadlocking with it. Locking before the checks costs nothing
     * when a check fails: a refused transfer writes nothing.
     */
    public LockedWallets lockWallets(Collection<UUID> walletIds, Collection<Long> otherAccounts) {
        List<LockedWallet> found = sql.work(connection -> {
            try (var statement = connection.prepareStatement("select " + LOCKED_WALLET_COLUMNS
                    + " from ledger_account a left join wallet w on w.wallet_id = a.wallet_id"
                    + " where a.wallet_id = any(?::uuid[]) or a.id = any(?::bigint[])"
                    + " order by a.id for no key update of a")) {
                statement.setArray(1, connection.createArrayOf("uuid", walletIds.toArray()));
                statement.setArray(2, connection.createArrayOf("bigint", otherAccounts.toArray()));
                try (ResultSet rows = statement.executeQuery()) {
                    List<LockedWallet> wallets = new java.util.ArrayList<>();
                    while (rows.next()) {
                        WalletView wallet = rows.getObject(1) == null ? null : walletView(rows);
                        wallets.add(new LockedWallet(wallet, account(rows, WALLET_COLUMN_COUNT)));
                    }
                    return wallets;
                }
            }
        });
        Map<UUID, WalletView> byId = new LinkedHashMap<>();
        Map<Long, LedgerAccount> accounts = new LinkedHashMap<>();
        for (LockedWallet wallet : found) {
            if (wallet.wallet() != null) {
                byId.put(wallet.wallet().walletId(), wallet.wallet());
            }
            accounts.put(wallet.account().id(), wallet.account());
        }
        return new LockedWallets(byId, accounts);
    }

    private record LockedWallet(WalletView wallet, LedgerAccount account) {
    }

    /** A system account of the current shard (each shard has its own). */
    public long systemAccount(String key) {
        return systemAccounts.computeIfAbsent(shards.currentShard().number() + "/" + key,
                ignored -> sql.one("select id from ledger_account where account_key = ?", row -> row.getLong(1), key)
                        .orElseThrow(() -> new IllegalStateException("no system account " + key)));
    }

    /**
     * The current shard's clearing account for money in flight to or from shard {@code other} in {@code currency}
     * ({@code inter-shard:<other>:<currency>}; every pair is opened at start, {@link #openInterShardAccount}).
     */
    public long interShardAccount(int other, String currency) {
        return systemAccount("inter-shard:" + other + ":" + currency);
    }

    /** Opens the current shard's clearing account for shard {@code other}; again is a no-op. */
    public void openInterShardAccount(int other, String currency) {
        sql.update("insert into ledger_account (account_key, kind, currency) values (?, 'INTER_SHARD_CLEARING', ?)"
                + " on conflict (account_key) do nothing", "inter-shard:" + other + ":" + currency, currency);
    }

    /** A wallet as another shard holds it: what a transfer to it needs to know before sending (no account here). */
    public record RemoteWallet(UUID walletId, UUID customerId, String currency, WalletStatus status, long maxBalance, int shard) {
        public boolean isActive() {
            return status == WalletStatus.ACTIVE;
        }
    }

    /** The projection of wallets held by other shards than the current one (no lock: their money is not here). */
    public Map<UUID, RemoteWallet> remoteWallets(Collection<UUID> walletIds) {
        Map<UUID, RemoteWallet> found = new LinkedHashMap<>();
        if (walletIds.isEmpty()) {
            return found;
        }
        sql.work(connection -> {
            try (var statement = connection.prepareStatement("select wallet_id, customer_id, currency, status, max_balance, shard from wallet"
                    + " where wallet_id = any(?::uuid[]) and shard <> ?")) {
                statement.setArray(1, connection.createArrayOf("uuid", walletIds.toArray()));
                statement.setShort(2, (short) shards.currentShard().number());
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        RemoteWallet wallet = new RemoteWallet(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class),
                                rows.getString(3).trim(), WalletStatus.of(rows.getString(4)), rows.getLong(5), rows.getShort(6));
                        found.put(wallet.walletId(), wallet);
                    }
                }
            }
            return null;
        });
        return found;
    }

    /**
     * Recipients named by phone number, over every wallet the projection knows (on any shard): the oldest open wallet
     * with that number and currency, by wallet id.
     */
    public Map<PhoneKey, UUID> resolvePhones(Collection<PhoneKey> phones) {
        Map<PhoneKey, UUID> found = new LinkedHashMap<>();
        if (phones.isEmpty()) {
            return found;
        }
        sql.work(connection -> {
            try (var statement = connection.prepareStatement("select distinct on (x.phone, x.currency) x.phone, x.currency, v.wallet_id"
                    + " from unnest(?::text[], ?::text[]) as x(phone, currency)"
                    + " join wallet v on v.phone_number = x.phone and v.currency = x.currency and v.status <> 'CLOSED'"
                    + " order by x.phone, x.currency, v.wallet_id")) {
                statement.setArray(1, connection.createArrayOf("text", phones.stream().map(PhoneKey::phoneNumber).toArray()));
                statement.setArray(2, connection.createArrayOf("text", phones.stream().map(PhoneKey::currency).toArray()));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        found.put(new PhoneKey(rows.getString(1), rows.getString(2).trim()), rows.getObject(3, UUID.class));
                    }
                }
            }
            return null;
        });
        return found;
    }

    /**
     * Locks the accounts in ascending id order (so concurrent postings never deadlock) and returns them in that order.
     * {@code for no key update}, not {@code for update}: the balance is not a key, and a plain {@code for update} would
     * also block the key-share locks that foreign-key checks take (a hold inserted with the Zapper clearing account as
     * payee), which the concurrency test caught as a deadlock between placing and capturing holds.
     */
    public List<LedgerAccount> lock(long... accountIds) {
        Long[] ids = Arrays.stream(accountIds).distinct().sorted().boxed().toArray(Long[]::new);
        return sql.work(connection -> {
            try (var statement = connection.prepareStatement("select " + ACCOUNT_COLUMNS
                    + " from ledger_account where id = any(?) order by id for no key update")) {
                statement.setArray(1, connection.createArrayOf("bigint", ids));
                try (ResultSet rows = statement.executeQuery()) {
                    List<LedgerAccount> locked = new java.util.ArrayList<>();
                    while (rows.next()) {
                        locked.add(account(rows));
                    }
                    return locked;
                }
            }
        });
    }

    public Optional<LedgerAccount> account(long accountId) {
        return sql.one("select " + ACCOUNT_COLUMNS + " from ledger_account where id = ?", LedgerRepository::account, accountId);
    }

    public void saveAccount(LedgerAccount account) {
        sql.update("""
                        update ledger_account set balance = ?, held = ?, sent_day = ?, sent_day_total = ?, sent_month = ?,
                        sent_month_total = ?, version = ? where id = ?""",
                account.balance(), account.held(), date(account.sentDay()), account.sentDayTotal(),
                date(account.sentMonth()), account.sentMonthTotal(), account.version(), account.id());
    }

    /** An entry's type (an {@code EntryType} name) and currency. */
    public record EntryHead(String type, String currency) {
    }

    public Optional<EntryHead> entryHead(UUID entryId) {
        return sql.one("select type, currency from journal_entry where id = ?",
                row -> new EntryHead(row.getString(1), row.getString(2)), entryId);
    }

    /** An entry's postings as account and signed amount, in the order written. */
    public List<JournalWriter.PostingRow> postingsOf(UUID entryId) {
        return sql.list("select account_id, amount, balance_after, account_version from posting where entry_id = ? order by id",
                row -> new JournalWriter.PostingRow(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4)), entryId);
    }

    /** Whether an entry reverses {@code entryId} (each is reversed at most once; V-unique index on reverses_id). */
    public boolean isReversed(UUID entryId) {
        return sql.one("select 1 from journal_entry where reverses_id = ?", row -> 1, entryId).isPresent();
    }

    /** Whether the entry is the sending side of a transfer to another shard (made here). */
    public boolean isSentAcross(UUID entryId) {
        return sql.one("select 1 from cross_shard_transfer where entry_id = ?", row -> 1, entryId).isPresent();
    }

    /** The shard and wallet a transfer received here came from, if the entry is the receiving side of one. */
    public Optional<Received> receivedAcross(UUID entryId) {
        return sql.one("select from_shard, from_wallet_id from cross_shard_receipt where transfer_id = ? and outcome = 'RECEIVED'",
                row -> new Received(row.getShort(1), row.getObject(2, UUID.class)), entryId);
    }

    /** Where a cross-shard transfer received here came from. */
    public record Received(int fromShard, UUID fromWalletId) {
    }

    /** Whether an entry was already booked for this external reference (a provider's payment, say). */
    /** Whether a posting of the entry is on a wallet account that has since moved to another shard (detached). */
    public boolean touchesMovedWallet(UUID entryId) {
        return sql.one("select 1 from posting p join ledger_account a on a.id = p.account_id"
                + " where p.entry_id = ? and a.kind = 'MOVED_WALLET' limit 1", row -> 1, entryId).isPresent();
    }

    public boolean hasEntryFor(String externalRef) {
        return sql.one("select 1 from journal_entry where external_ref = ?", row -> 1, externalRef).isPresent();
    }

    /** A wallet's ledger account, made when the wallet is first heard of; again is a no-op. */
    public void openWalletAccount(UUID walletId, String currency) {
        sql.update("insert into ledger_account (account_key, kind, wallet_id, currency) values (?, 'WALLET', ?, ?)"
                + " on conflict (account_key) do nothing", "wallet:" + walletId, walletId, currency);
    }

    private static Date date(LocalDate day) {
        return day == null ? null : Date.valueOf(day);
    }

    static WalletView walletView(ResultSet row) throws SQLException {
        return new WalletView(row.getObject(1, UUID.class), row.getObject(2, UUID.class), row.getString(3),
                row.getString(4), WalletStatus.of(row.getString(5)), row.getInt(6), row.getLong(7), row.getLong(8), row.getLong(9),
                row.getLong(10));
    }

    static LedgerAccount account(ResultSet row) throws SQLException {
        return account(row, 0);
    }

    /** An account's {@link #ACCOUNT_COLUMNS}, starting after the first {@code offset} columns of the row. */
    private static LedgerAccount account(ResultSet row, int offset) throws SQLException {
        int o = offset;
        Date sentDay = row.getDate(o + 8);
        Date sentMonth = row.getDate(o + 10);
        return new LedgerAccount(row.getLong(o + 1), LedgerAccount.Kind.valueOf(row.getString(o + 2)),
                row.getObject(o + 3, UUID.class), row.getString(o + 4), row.getLong(o + 5), row.getLong(o + 6),
                row.getLong(o + 7), sentDay == null ? null : sentDay.toLocalDate(), row.getLong(o + 9),
                sentMonth == null ? null : sentMonth.toLocalDate(), row.getLong(o + 11), row.getLong(o + 12));
    }
}
