package io.moolah.systemtest.faults;

import io.moolah.localstack.Infrastructure;
import io.moolah.systemtest.GatewayClient;
import io.moolah.systemtest.faults.Journal.Kind;
import io.moolah.systemtest.faults.Journal.Movement;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The invariants checked after every fault, in SQL against the ledger's and the payment service's databases and
 * against what the client was told ({@link Journal}):
 * <ol>
 * <li>the books sum to zero, every entry balances, every balance equals its postings, no wallet is below zero, and
 * held amounts equal open holds;</li>
 * <li>every acknowledged transfer, adjustment and capture is in the ledger exactly once with the id the client got,
 * and nothing the client attempted is there twice;</li>
 * <li>every payment reaches a final state; each paid top-up is credited exactly once; each QR payment's hold is
 * captured exactly when the payment succeeded;</li>
 * <li>every event was consumed exactly once: the cache-service's balance, held amount and version of each wallet
 * equal the ledger's;</li>
 * <li>no event was lost or reordered, whatever was killed: each wallet's events on {@code transaction.events} (repeats
 * of an event id dropped, as consumers do) carry versions 1, 2, ... up to the ledger's version, in that order.</li>
 * </ol>
 * What converges (payments settling, events reaching the cache) is waited for, bounded.
 */
final class BooksAudit {
    static final int CHECKS = 15;
    /** The ledger's shards' databases (docs/sharding.md), shard 0 first. */
    private static final List<String> LEDGER_SHARDS = java.util.stream.Stream.concat(java.util.stream.Stream.of("transaction"),
            io.moolah.localstack.Infrastructure.LEDGER_SHARD_DATABASES.stream()).toList();
    private static final Duration CONVERGE_WITHIN = Duration.ofSeconds(90);

    /** @param betweenShards cross-shard transfers in the ledger so far (all ended: check 14) */
    record Result(int checks, List<String> violations, int topUpsNeverPaid, int betweenShards) {
        boolean holds() {
            return violations.isEmpty();
        }
    }

    private final Infrastructure infrastructure;
    private final java.util.function.Supplier<GatewayClient> client;
    private final Journal journal;
    private final List<MixedLoad.Customer> customers;

    BooksAudit(Infrastructure infrastructure, java.util.function.Supplier<GatewayClient> client, Journal journal, List<MixedLoad.Customer> customers) {
        this.infrastructure = infrastructure;
        this.client = client;
        this.journal = journal;
        this.customers = customers;
    }

    /** Whether the ledger's projection of the wallet has KYC tier 3 (and so its limits). */
    boolean tierThree(String walletId) {
        // Every shard keeps the projection of every wallet: tier 3 everywhere.
        for (String shard : LEDGER_SHARDS) {
            try (Connection ledger = open(shard);
                 var statement = ledger.prepareStatement("select kyc_tier from wallet where wallet_id = ?::uuid")) {
                statement.setString(1, walletId);
                try (ResultSet row = statement.executeQuery()) {
                    if (!(row.next() && row.getInt(1) == 3)) {
                        return false;
                    }
                }
            } catch (SQLException e) {
                return false;
            }
        }
        return true;
    }

    /** Runs every check with the load paused. */
    Result check() throws Exception {
        List<String> violations = new ArrayList<>();
        int[] neverPaid = {0};
        awaitConvergence("payments to reach a final state", violations, () -> pendingPayments(neverPaid));
        // A succeeded top-up reaches the ledger through payment.events: after a restart, with the consumer's lag.
        awaitConvergence("paid top-ups to reach the ledger", violations, this::uncreditedTopUps);
        // 14: a transfer between shards that a kill left half-done is finished by its events, whoever was killed.
        awaitConvergence("every transfer between ledger shards to end", violations, this::transfersBetweenShardsInFlight);
        List<Connection> ledgers = new ArrayList<>();
        try (Connection payments = open("payment")) {
            for (String shard : LEDGER_SHARDS) {
                ledgers.add(open(shard));
            }
            for (int i = 0; i < ledgers.size(); i++) {
                books(LEDGER_SHARDS.get(i), ledgers.get(i), violations);
            }
            // 15: what left one shard for another arrived there: the clearing accounts between shards sum to zero.
            long clearing = 0;
            for (Connection ledger : ledgers) {
                clearing += sum(ledger, "select coalesce(sum(balance), 0) from ledger_account where kind = 'INTER_SHARD_CLEARING'");
            }
            if (clearing != 0) {
                violations.add("the clearing accounts between shards sum to " + clearing + ", not zero");
            }
            movements(ledgers, violations);
            topUps(ledgers, payments, violations);
            qrPayments(ledgers, payments, violations);
        } finally {
            for (Connection ledger : ledgers) {
                ledger.close();
            }
        }
        awaitConvergence("the cache to equal the ledger", violations, this::cacheDifferences);
        awaitConvergence("every wallet's events, in order, on transaction.events", violations, this::eventGaps);
        for (String finding : journal.clientFindings()) {
            violations.add("client: " + finding);
        }
        int betweenShards = ledgerMultimap("select id::text, status from cross_shard_transfer").size();
        return new Result(CHECKS, violations, neverPaid[0], betweenShards);
    }

    /** 1-5: the books as double entry. */
    private static void books(String shard, Connection ledger, List<String> violations) throws SQLException {
        List<String> found = new ArrayList<>();
        booksOf(ledger, found);
        found.forEach(violation -> violations.add(shard + ": " + violation));
    }

    private static void booksOf(Connection ledger, List<String> violations) throws SQLException {
        expectNone(ledger, violations, "the books do not sum to zero",
                "select currency || ' ' || sum(balance) from ledger_account group by currency having sum(balance) <> 0");
        expectNone(ledger, violations, "an entry does not balance",
                "select entry_id::text from posting group by entry_id having sum(amount) <> 0 limit 5");
        expectNone(ledger, violations, "a balance differs from its postings", """
                select a.account_key || ' ' || a.balance || ' vs ' || coalesce(p.total, 0) from ledger_account a
                left join (select account_id, sum(amount) total from posting group by account_id) p on p.account_id = a.id
                where a.balance <> coalesce(p.total, 0) limit 5""");
        expectNone(ledger, violations, "a wallet is below zero",
                "select account_key || ' ' || (balance - held) from ledger_account where kind = 'WALLET' and balance - held < 0 limit 5");
        expectNone(ledger, violations, "a held amount differs from the wallet's open holds", """
                select a.account_key || ' held ' || a.held || ' open ' || coalesce(h.total, 0) from ledger_account a
                left join (select account_id, sum(amount) total from hold where status = 'OPEN' group by account_id) h on h.account_id = a.id
                where a.kind = 'WALLET' and a.held <> coalesce(h.total, 0) limit 5""");
    }

    /** 6-8: acknowledged transfers, adjustments and captures exactly once; nothing attempted twice. */
    private void movements(List<Connection> ledgers, List<String> violations) throws SQLException {
        // A transfer to another shard is its sending entry here and, with the same id, its receiving entry (xfer-in) there.
        Map<String, List<String>> entries = multimap(ledgers, "select reference, id::text from journal_entry where reference like 'fault-%'"
                + " and (external_ref is null or external_ref not like 'xfer-in:%')");
        Map<String, List<String>> holds = multimap(ledgers,
                "select reference, id::text || ' ' || status || ' ' || coalesce(capture_entry_id::text, '-') from hold where reference like 'fault-%'");
        for (Movement attempted : journal.attempted()) {
            Map<String, List<String>> where = attempted.kind() == Kind.HOLD || attempted.kind() == Kind.CAPTURE ? holds : entries;
            if (isLedgerMovement(attempted.kind()) && where.getOrDefault(attempted.reference(), List.of()).size() > 1) {
                violations.add(attempted.kind() + " " + attempted.reference() + " is in the ledger "
                        + where.get(attempted.reference()).size() + " times");
            }
        }
        for (Movement acknowledged : journal.acknowledged()) {
            switch (acknowledged.kind()) {
                case TRANSFER_BY_ID, TRANSFER_BY_PHONE, ADJUSTMENT -> {
                    List<String> found = entries.getOrDefault(acknowledged.reference(), List.of());
                    if (!found.equals(List.of(acknowledged.id()))) {
                        violations.add("acknowledged " + acknowledged.kind() + " " + acknowledged.id() + " is in the ledger as " + found);
                    }
                }
                case CAPTURE -> {
                    List<String> found = holds.getOrDefault(acknowledged.reference(), List.of());
                    String expected = acknowledged.holdId() + " CAPTURED " + acknowledged.id();
                    if (!found.equals(List.of(expected))) {
                        violations.add("acknowledged capture " + expected + " is in the ledger as " + found);
                    }
                }
                default -> {
                }
            }
        }
    }

    private static boolean isLedgerMovement(Kind kind) {
        return kind == Kind.TRANSFER_BY_ID || kind == Kind.TRANSFER_BY_PHONE || kind == Kind.ADJUSTMENT || kind == Kind.HOLD
                || kind == Kind.CAPTURE;
    }

    /** 9-10: every top-up the shopper paid succeeded and was credited exactly once. */
    private void topUps(List<Connection> ledgers, Connection payments, List<String> violations) throws SQLException {
        Map<String, List<String>> status = multimap(payments, "select id::text, status from payment where type = 'TOPUP'");
        Map<String, List<String>> credits = multimap(ledgers,
                "select substring(external_ref from 9), id::text from journal_entry where external_ref like 'payment:%'");
        for (String paymentId : journal.topUpsPaid()) {
            List<String> states = status.getOrDefault(paymentId, List.of());
            if (!states.equals(List.of("SUCCEEDED"))) {
                violations.add("paid top-up " + paymentId + " is " + states);
            }
            if (credits.getOrDefault(paymentId, List.of()).size() != 1) {
                violations.add("paid top-up " + paymentId + " is credited " + credits.getOrDefault(paymentId, List.of()).size() + " times");
            }
        }
    }

    /** 11: a QR payment's hold is captured exactly when the payment succeeded. */
    private void qrPayments(List<Connection> ledgers, Connection payments, List<String> violations) throws SQLException {
        Map<String, List<String>> status = multimap(payments, "select id::text, status from payment where type = 'QR_PAYMENT'");
        Map<String, List<String>> holds = multimap(ledgers, "select substring(reference from 4), status from hold where reference like 'qr:%'");
        for (Movement acknowledged : journal.acknowledged()) {
            if (acknowledged.kind() != Kind.QR_PAYMENT) {
                continue;
            }
            List<String> states = status.getOrDefault(acknowledged.id(), List.of());
            List<String> hold = holds.getOrDefault(acknowledged.id(), List.of());
            boolean succeeded = states.equals(List.of("SUCCEEDED"));
            boolean failed = states.equals(List.of("FAILED"));
            if (!succeeded && !failed) {
                violations.add("QR payment " + acknowledged.id() + " is " + states);
            } else if (succeeded != hold.equals(List.of("CAPTURED"))) {
                violations.add("QR payment " + acknowledged.id() + " is " + states + " and its hold " + hold);
            }
        }
    }

    /** Paid top-ups the ledger has not credited yet. */
    private List<String> uncreditedTopUps() throws SQLException {
        Map<String, List<String>> credits = ledgerMultimap(
                "select substring(external_ref from 9), id::text from journal_entry where external_ref like 'payment:%'");
        return journal.topUpsPaid().stream().filter(paymentId -> !credits.containsKey(paymentId)).sorted().toList();
    }

    /** Payments still PENDING; top-ups nobody paid (their 201 never reached the client) are counted, not waited for. */
    private List<String> pendingPayments(int[] neverPaid) throws SQLException {
        Set<String> paid = journal.topUpsPaid();
        List<String> pending = new ArrayList<>();
        int unpaid = 0;
        try (Connection payments = open("payment");
             Statement statement = payments.createStatement();
             ResultSet rows = statement.executeQuery("select id::text, type from payment where status = 'PENDING'")) {
            while (rows.next()) {
                if (rows.getString(2).equals("TOPUP") && !paid.contains(rows.getString(1))) {
                    unpaid++;
                } else {
                    pending.add(rows.getString(2) + " " + rows.getString(1));
                }
            }
        }
        neverPaid[0] = unpaid;
        return pending;
    }

    /** 12: each wallet's balance, held amount and version at the cache-service (through the gateway) against the ledger. */
    private List<String> cacheDifferences() throws SQLException {
        Map<String, List<String>> ledger = ledgerMultimap(
                "select wallet_id::text, balance || ' ' || held || ' v' || version from ledger_account where kind = 'WALLET'");
        List<String> differences = new ArrayList<>();
        for (MixedLoad.Customer customer : customers) {
            GatewayClient.Reply reply;
            try {
                reply = client.get().get("/wallets/" + customer.walletId + "/balance", customer.token);
            } catch (IllegalStateException noAnswer) {
                differences.add(customer.walletId + ": no answer");
                continue;
            }
            if (reply.status() != 200) {
                differences.add(customer.walletId + ": " + reply.status());
                continue;
            }
            var balance = reply.json();
            String cached = balance.path("ledgerBalance").asLong() + " " + balance.path("heldAmount").asLong() + " v" + balance.path("version").asLong();
            List<String> booked = ledger.getOrDefault(customer.walletId, List.of());
            if (!booked.equals(List.of(cached))) {
                differences.add(customer.walletId + ": cache " + cached + ", ledger " + booked);
            }
        }
        return differences;
    }

    /**
     * 13: per customer wallet, the versions its events carry in the order they were published (first copy of each
     * event id), against 1..the ledger's version: a missing version is a lost event, a lower one after a higher one a
     * reordering.
     */
    private List<String> eventGaps() throws SQLException {
        Map<String, List<String>> ledger = ledgerMultimap("select wallet_id::text, version::text from ledger_account where kind = 'WALLET'");
        Map<String, List<Long>> published = new HashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (var record : io.moolah.localstack.testing.TopicReader.readAll(infrastructure.kafkaBootstrapServers(),
                io.moolah.events.Topics.TRANSACTION_EVENTS, Duration.ofSeconds(60))) {
            try {
                var event = json.readTree(record.value());
                if (seen.add(event.path("eventId").asText())) {
                    published.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(event.path("payload").path("version").asLong());
                }
            } catch (java.io.IOException e) {
                // not an event: the consumers park such records; nothing to check here
            }
        }
        List<String> gaps = new ArrayList<>();
        for (MixedLoad.Customer customer : customers) {
            long version = Long.parseLong(ledger.getOrDefault(customer.walletId, List.of("0")).get(0));
            List<Long> expected = java.util.stream.LongStream.rangeClosed(1, version).boxed().toList();
            List<Long> got = published.getOrDefault(customer.walletId, List.of());
            if (!got.equals(expected)) {
                gaps.add(customer.walletId + ": versions published " + abbreviate(got) + ", ledger at v" + version);
            }
        }
        return gaps;
    }

    private static String abbreviate(List<Long> versions) {
        return versions.size() <= 12 ? versions.toString()
                : versions.subList(0, 6) + "..." + versions.subList(versions.size() - 6, versions.size()) + " (" + versions.size() + ")";
    }

    interface Differences {
        List<String> now() throws Exception;
    }

    private static void awaitConvergence(String what, List<String> violations, Differences differences) throws Exception {
        long deadline = System.nanoTime() + CONVERGE_WITHIN.toNanos();
        List<String> last = differences.now();
        while (!last.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            try {
                last = differences.now();
            } catch (SQLException e) {
                last = List.of("the database cannot be read: " + e.getMessage());
            }
        }
        if (!last.isEmpty()) {
            violations.add("waited " + CONVERGE_WITHIN.toSeconds() + " s for " + what + ": " + last.subList(0, Math.min(5, last.size())));
        }
    }

    private static void expectNone(Connection connection, List<String> violations, String what, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                violations.add(what + ": " + rows.getString(1));
            }
        }
    }

    /** Cross-shard transfers sent and not yet ended, on any shard. */
    private List<String> transfersBetweenShardsInFlight() throws SQLException {
        return new ArrayList<>(ledgerMultimap("select id::text, status from cross_shard_transfer where status = 'SENT'").keySet());
    }

    /** {@link #multimap} over every shard's database, each read on its own connection. */
    private Map<String, List<String>> ledgerMultimap(String sql) throws SQLException {
        List<Connection> ledgers = new ArrayList<>();
        try {
            for (String shard : LEDGER_SHARDS) {
                ledgers.add(open(shard));
            }
            return multimap(ledgers, sql);
        } finally {
            for (Connection ledger : ledgers) {
                ledger.close();
            }
        }
    }

    private static Map<String, List<String>> multimap(List<Connection> connections, String sql) throws SQLException {
        Map<String, List<String>> map = new HashMap<>();
        for (Connection connection : connections) {
            multimap(connection, sql).forEach((key, values) -> map.computeIfAbsent(key, k -> new ArrayList<>()).addAll(values));
        }
        return map;
    }

    private static long sum(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Map<String, List<String>> multimap(Connection connection, String sql) throws SQLException {
        Map<String, List<String>> map = new HashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                map.computeIfAbsent(rows.getString(1), key -> new ArrayList<>()).add(rows.getString(2));
            }
        }
        return map;
    }

    private Connection open(String database) throws SQLException {
        Connection connection = DriverManager.getConnection(infrastructure.jdbcUrl(database), infrastructure.postgresUser(),
                infrastructure.postgresPassword());
        // One snapshot for all the checks of a connection: the books as of one moment.
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        connection.setAutoCommit(false);
        return connection;
    }
}
