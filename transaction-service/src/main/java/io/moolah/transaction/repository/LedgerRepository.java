package io.moolah.transaction.repository;

import io.moolah.transaction.model.WalletStatus;
import io.moolah.platform.security.Caller;
import io.moolah.transaction.model.LedgerAccount;
import io.moolah.transaction.model.WalletView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
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

    /** System accounts never change their id: cached after the first look-up. */
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

    /**
     * The two sides of a transfer as found, with their ledger accounts already locked; the recipient may be the sender
     * (a self-transfer, refused by the caller).
     */
    public record Parties(Optional<WalletView> source, Optional<WalletView> target, Map<Long, LedgerAccount> locked) {
    }

    private static final String LOCKED_PARTY_COLUMNS = WALLET_COLUMNS + ", " + ACCOUNT_COLUMNS.replaceAll("(\\w+)", "a.$1");

    /**
     * Finds both wallets and locks their ledger accounts in one statement (one round trip instead of a look-up and
     * then a lock): ascending account id, {@code for no key update}, the same order and lock as {@link #lock}, so it
     * queues behind any other posting instead of deadlocking with it. Locking before the caller's checks costs
     * nothing when a check fails: the transaction rolls back at once.
     */
    public Parties lockParties(UUID sourceWalletId, UUID targetWalletId) {
        return parties(sql.list("select " + LOCKED_PARTY_COLUMNS + " from wallet w join ledger_account a on a.wallet_id = w.wallet_id"
                + " where w.wallet_id in (?, ?) order by a.id for no key update of a",
                LockedParty::of, sourceWalletId, targetWalletId), sourceWalletId, targetWalletId, null);
    }

    /** As {@link #lockParties(UUID, UUID)}, the recipient found by phone number (the oldest open wallet in that currency). */
    public Parties lockPartiesByPhone(UUID sourceWalletId, String phoneNumber, String currency) {
        return parties(sql.list("select " + LOCKED_PARTY_COLUMNS + " from wallet w"
                        + " join ledger_account a on a.wallet_id = w.wallet_id where w.wallet_id = ? or w.wallet_id ="
                        + " (select wallet_id from wallet where phone_number = ? and currency = ? and status <> 'CLOSED'"
                        + " order by wallet_id limit 1) order by a.id for no key update of a",
                LockedParty::of, sourceWalletId, phoneNumber, currency), sourceWalletId, null, phoneNumber);
    }

    private record LockedParty(WalletView wallet, LedgerAccount account) {
        static LockedParty of(ResultSet row) throws SQLException {
            return new LockedParty(walletView(row), LedgerRepository.account(row, WALLET_COLUMN_COUNT));
        }
    }

    private static Parties parties(List<LockedParty> found, UUID sourceWalletId, UUID targetWalletId, String targetPhone) {
        Map<Long, LedgerAccount> locked = new LinkedHashMap<>();
        found.forEach(party -> locked.put(party.account().id(), party.account()));
        List<WalletView> wallets = found.stream().map(LockedParty::wallet).toList();
        Optional<WalletView> source = find(wallets, sourceWalletId);
        Optional<WalletView> target;
        if (targetWalletId != null) {
            target = find(wallets, targetWalletId);
        } else {
            target = wallets.stream().filter(wallet -> !wallet.walletId().equals(sourceWalletId)).findFirst();
            if (target.isEmpty() && source.isPresent() && source.get().phoneNumber().equals(targetPhone)) {
                target = source;
            }
        }
        return new Parties(source, target, locked);
    }

    private static Optional<WalletView> find(List<WalletView> wallets, UUID walletId) {
        return wallets.stream().filter(wallet -> wallet.walletId().equals(walletId)).findFirst();
    }

    public long systemAccount(String key) {
        return systemAccounts.computeIfAbsent(key, k -> sql.one("select id from ledger_account where account_key = ?",
                row -> row.getLong(1), k).orElseThrow(() -> new IllegalStateException("no system account " + k)));
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

    /**
     * Writes a journal entry, its postings and the accounts' new state in one statement (one round trip). The
     * postings' balance is still checked by the database at commit, and the accounts stay locked by the caller.
     */
    public void writeEntry(UUID id, String type, String currency, long amount, String reference, UUID reverses,
                           String externalRef, UUID initiatedBy, Instant at, List<PostingRow> postings,
                           List<LedgerAccount> accounts) {
        java.time.OffsetDateTime when = java.time.OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC);
        sql.work(connection -> {
            try (var statement = connection.prepareStatement("""
                    with entry as (
                        insert into journal_entry (id, type, currency, amount, reference, reverses_id, external_ref, initiated_by, created_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)),
                    postings as (
                        insert into posting (entry_id, account_id, amount, balance_after, account_version, created_at)
                        select ?, p.account_id, p.amount, p.balance_after, p.account_version, ?
                        from unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[]) with ordinality
                             as p(account_id, amount, balance_after, account_version, n)
                        order by p.n)
                    update ledger_account a set balance = v.balance, held = v.held, sent_day = v.sent_day,
                        sent_day_total = v.sent_day_total, sent_month = v.sent_month, sent_month_total = v.sent_month_total,
                        version = v.version
                    from unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::date[], ?::bigint[], ?::date[], ?::bigint[], ?::bigint[])
                         as v(id, balance, held, sent_day, sent_day_total, sent_month, sent_month_total, version)
                    where a.id = v.id""")) {
                int i = 1;
                statement.setObject(i++, id);
                statement.setString(i++, type);
                statement.setString(i++, currency);
                statement.setLong(i++, amount);
                statement.setString(i++, reference);
                statement.setObject(i++, reverses);
                statement.setString(i++, externalRef);
                statement.setObject(i++, initiatedBy);
                statement.setObject(i++, when);
                statement.setObject(i++, id);
                statement.setObject(i++, when);
                statement.setArray(i++, connection.createArrayOf("bigint", postings.stream().map(PostingRow::accountId).toArray()));
                statement.setArray(i++, connection.createArrayOf("bigint", postings.stream().map(PostingRow::amount).toArray()));
                statement.setArray(i++, connection.createArrayOf("bigint", postings.stream().map(PostingRow::balanceAfter).toArray()));
                statement.setArray(i++, connection.createArrayOf("bigint", postings.stream().map(PostingRow::accountVersion).toArray()));
                statement.setArray(i++, connection.createArrayOf("bigint", accounts.stream().map(LedgerAccount::id).toArray()));
                statement.setArray(i++, connection.createArrayOf("bigint", accounts.stream().map(LedgerAccount::balance).toArray()));
                statement.setArray(i++, connection.createArrayOf("bigint", accounts.stream().map(LedgerAccount::held).toArray()));
                statement.setArray(i++, connection.createArrayOf("date", accounts.stream().map(a -> date(a.sentDay())).toArray()));
                statement.setArray(i++, connection.createArrayOf("bigint", accounts.stream().map(LedgerAccount::sentDayTotal).toArray()));
                statement.setArray(i++, connection.createArrayOf("date", accounts.stream().map(a -> date(a.sentMonth())).toArray()));
                statement.setArray(i++, connection.createArrayOf("bigint", accounts.stream().map(LedgerAccount::sentMonthTotal).toArray()));
                statement.setArray(i++, connection.createArrayOf("bigint", accounts.stream().map(LedgerAccount::version).toArray()));
                statement.executeUpdate();
                return null;
            }
        });
    }

    public record PostingRow(long accountId, long amount, long balanceAfter, long accountVersion) {
    }

    /** An entry's type (an {@code EntryType} name) and currency. */
    public record EntryHead(String type, String currency) {
    }

    public Optional<EntryHead> entryHead(UUID entryId) {
        return sql.one("select type, currency from journal_entry where id = ?",
                row -> new EntryHead(row.getString(1), row.getString(2)), entryId);
    }

    /** An entry's postings as account and signed amount, in the order written. */
    public List<PostingRow> postingsOf(UUID entryId) {
        return sql.list("select account_id, amount, balance_after, account_version from posting where entry_id = ? order by id",
                row -> new PostingRow(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4)), entryId);
    }

    /** Whether an entry reverses {@code entryId} (each is reversed at most once; V-unique index on reverses_id). */
    public boolean isReversed(UUID entryId) {
        return sql.one("select 1 from journal_entry where reverses_id = ?", row -> 1, entryId).isPresent();
    }

    /** Whether an entry was already booked for this external reference (a provider's payment, say). */
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
