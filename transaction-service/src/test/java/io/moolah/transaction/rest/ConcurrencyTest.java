package io.moolah.transaction.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static io.moolah.transaction.rest.Ledger.count;
import static io.moolah.transaction.rest.Ledger.fund;
import static io.moolah.transaction.rest.Ledger.newCustomer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many callers at once on few wallets, so every interleaving the ledger must survive happens: transfers crossing in
 * both directions, holds placed and captured while the same wallets send, requests retried with the same key
 * (after the first answer, and at the same moment from two threads). The wallets are on two ledger shards, half on each,
 * and a third of the transfers cross between them. Afterwards the books are checked in SQL on both shards and by the
 * audit over both.
 */
@QuarkusTest
class ConcurrencyTest {
    private static final int WALLETS = 60;
    private static final int THREADS = 8;
    private static final int OPERATIONS_PER_THREAD = 400;
    private static final Duration TIME_LIMIT = Duration.ofMinutes(4);
    private static final Set<String> EXPECTED_REFUSALS = Set.of("INSUFFICIENT_FUNDS", "REQUEST_IN_PROGRESS", "HOLD_NOT_OPEN",
            "HOLD_EXPIRED");

    @TestHTTPResource("/")
    URL base;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    private record Call(Ledger.Customer caller, String method, String path, String key, String body) {
    }

    private record Answer(int status, JsonNode body) {
        String code() {
            return body.path("code").asText("");
        }
    }

    /** What every key came to: the transaction ids of its successful answers (must be one at most). */
    private final Map<String, Set<String>> transferKeys = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> captureKeys = new ConcurrentHashMap<>();
    private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();

    @Test
    void theBooksBalanceAfterThousandsOfConcurrentOperations() throws Exception {
        List<Ledger.Customer> customers = new ArrayList<>();
        for (int i = 0; i < WALLETS; i++) {
            // Half on each ledger shard: customer i is on shard i % 2.
            Ledger.Customer customer = Ledger.newCustomerOnShard(i % 2);
            fund(customer, 20_000);
            customers.add(customer);
        }
        List<UUID> customerIds = customers.stream().map(Ledger.Customer::customerId).toList();
        List<OpenHold> openHolds = new CopyOnWriteArrayList<>();
        ExecutorService racers = Executors.newFixedThreadPool(2);
        ExecutorService workers = Executors.newFixedThreadPool(THREADS);
        Instant deadline = Instant.now().plus(TIME_LIMIT);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            long seed = 42 + t;
            done.add(workers.submit(() -> {
                Random random = new Random(seed);
                List<Call> sent = new ArrayList<>();
                for (int i = 0; i < OPERATIONS_PER_THREAD && Instant.now().isBefore(deadline); i++) {
                    int dice = random.nextInt(100);
                    if (dice < 55) {
                        sent.add(transfer(random, customers, racers, false));
                    } else if (dice < 60) {
                        sent.add(transfer(random, customers, racers, true));
                    } else if (dice < 70 && !sent.isEmpty()) {
                        Call again = sent.get(random.nextInt(sent.size()));
                        record(again, call(again));
                    } else if (dice < 85) {
                        placeHold(random, customers, openHolds);
                    } else if (!openHolds.isEmpty()) {
                        OpenHold hold = openHolds.get(random.nextInt(openHolds.size()));
                        if (dice < 95) {
                            Call capture = new Call(hold.owner(), "POST", "/api/v1/holds/" + hold.holdId() + "/capture",
                                    UUID.randomUUID().toString(), random.nextBoolean() ? "{}"
                                    : "{\"amount\":" + (1 + random.nextInt((int) hold.amount())) + "}");
                            record(capture, call(capture));
                            record(capture, call(capture));
                        } else {
                            Call voiding = new Call(hold.owner(), "POST", "/api/v1/holds/" + hold.holdId() + "/void", null, null);
                            record(voiding, call(voiding));
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : done) {
            future.get(TIME_LIMIT.toSeconds() + 60, TimeUnit.SECONDS);
        }
        workers.shutdown();
        racers.shutdown();

        System.out.printf("concurrency test outcomes: %s%n", new java.util.TreeMap<>(outcomes));
        assertEquals(List.of(), List.copyOf(unexpected), "answers outside the contract (5xx, deadlocks, surprises)");
        int operations = outcomes.values().stream().mapToInt(AtomicInteger::get).sum();
        assertTrue(operations >= 3_000, "thousands of operations ran: " + operations);
        assertTrue(outcomes.getOrDefault("POST /api/v1/transfers 201", new AtomicInteger()).get() >= 1_000, "many transfers went through");

        // Every cross-shard transfer ended (none left half-done), and the audit adds both shards up to zero.
        long across = count("select count(*) from cross_shard_transfer where reverses is null");
        assertTrue(across >= 300, "hundreds of transfers crossed shards: " + across);
        io.moolah.localstack.Await.until("every cross-shard transfer to end", Duration.ofSeconds(60),
                () -> count("select count(*) from cross_shard_transfer where status = 'SENT'") == 0);
        io.restassured.path.json.JsonPath audit = io.restassured.RestAssured.given()
                .auth().oauth2(io.moolah.localstack.testing.TestTokens.operator()).get("/api/v1/admin/ledger/audit")
                .then().statusCode(200).extract().jsonPath();
        assertTrue(audit.getBoolean("clean"), audit.prettify());
        assertEquals(0L, audit.getLong("currencies.find { it.currency == 'ZAR' }.discrepancy"));
        assertEquals(0L, audit.getLong("currencies.find { it.currency == 'ZAR' }.inFlightCount"));

        // The books, checked in SQL over every account and entry of both shards (each shard's own figures, added up).
        assertEquals(0L, count("select coalesce(sum(balance), 0) from ledger_account"), "the sum over all accounts is zero");
        assertEquals(0L, count("select count(*) from ledger_account where kind = 'WALLET' and (balance < 0 or balance - held < 0)"),
                "no customer wallet is negative");
        assertEquals(0L, count("select count(*) from (select entry_id from posting group by entry_id having sum(amount) <> 0) x"),
                "every journal entry balances");
        assertEquals(0L, count("select count(*) from journal_entry e where not exists (select 1 from posting p where p.entry_id = e.id)"),
                "every entry has postings");
        assertEquals(0L, count("select count(*) from ledger_account a where balance <> (select coalesce(sum(amount), 0)"
                + " from posting p where p.account_id = a.id)"), "balances change only through postings");
        assertEquals(0L, count("select count(*) from (select balance_after, sum(amount) over (partition by account_id order by id) running,"
                + " account_version, lag(account_version) over (partition by account_id order by id) previous from posting) x"
                + " where balance_after <> running or account_version <= previous"), "balanceAfter and versions follow the postings");
        assertEquals(0L, count("select count(*) from ledger_account a where held <> (select coalesce(sum(amount), 0) from hold h"
                + " where h.account_id = a.id and h.status = 'OPEN')"), "held amounts are the open holds");

        String customersIn = customerIds.stream().map(id -> "'" + id + "'").collect(Collectors.joining(","));
        // A transfer to another shard is one sending entry and, on the recipient's shard, one receiving entry (xfer-in).
        assertOnePerKey(transferKeys, "select count(*) from journal_entry where type = 'TRANSFER' and initiated_by in (" + customersIn
                + ") and (external_ref is null or external_ref not like 'xfer-in:%')");
        assertOnePerKey(captureKeys, "select count(*) from journal_entry where type = 'HOLD_CAPTURE' and initiated_by in (" + customersIn + ")");
        assertEquals(0L, count("select count(*) from (select external_ref from journal_entry where external_ref is not null"
                + " group by external_ref having count(*) > 1) x"), "a hold is captured at most once");
    }

    private void assertOnePerKey(Map<String, Set<String>> keys, String entriesSql) {
        List<String> ambiguous = keys.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).toList();
        assertEquals(List.of(), ambiguous, "keys answered with more than one transaction");
        long succeeded = keys.values().stream().filter(ids -> ids.size() == 1).count();
        assertEquals(succeeded, count(entriesSql), "each key that succeeded produced exactly one entry");
    }

    private record OpenHold(Ledger.Customer owner, String holdId, long amount) {
    }

    private Call transfer(Random random, List<Ledger.Customer> customers, ExecutorService racers, boolean race) throws Exception {
        // A third of transfers go to the other shard (customer i is on shard i % 2).
        int fromIndex = random.nextInt(customers.size());
        boolean across = random.nextInt(3) == 0;
        int toIndex = random.nextInt(customers.size());
        while (toIndex == fromIndex || ((toIndex % 2) != (fromIndex % 2)) != across) {
            toIndex = random.nextInt(customers.size());
        }
        Ledger.Customer from = customers.get(fromIndex);
        Ledger.Customer to = customers.get(toIndex);
        String body = random.nextInt(4) == 0
                ? "{\"fromWalletId\":\"" + from.walletId() + "\",\"toPhoneNumber\":\"" + to.phone() + "\",\"amount\":"
                + (1 + random.nextInt(3_000)) + ",\"currency\":\"ZAR\"}"
                : "{\"fromWalletId\":\"" + from.walletId() + "\",\"toWalletId\":\"" + to.walletId() + "\",\"amount\":"
                + (1 + random.nextInt(3_000)) + ",\"currency\":\"ZAR\",\"reference\":\"load\"}";
        Call transfer = new Call(from, "POST", "/api/v1/transfers", UUID.randomUUID().toString(), body);
        if (race) {
            Future<Answer> first = racers.submit(() -> call(transfer));
            Future<Answer> second = racers.submit(() -> call(transfer));
            record(transfer, first.get(30, TimeUnit.SECONDS));
            record(transfer, second.get(30, TimeUnit.SECONDS));
        } else {
            record(transfer, call(transfer));
        }
        return transfer;
    }

    private void placeHold(Random random, List<Ledger.Customer> customers, List<OpenHold> openHolds) throws Exception {
        Ledger.Customer owner = customers.get(random.nextInt(customers.size()));
        long amount = 1 + random.nextInt(2_000);
        // Some holds expire while the test runs (the expiry job runs every second in tests).
        Instant expiresAt = Instant.now().plusSeconds(random.nextInt(10) == 0 ? 2 : 600);
        Call place = new Call(owner, "POST", "/api/v1/holds", UUID.randomUUID().toString(),
                "{\"walletId\":\"" + owner.walletId() + "\",\"amount\":" + amount + ",\"currency\":\"ZAR\",\"reference\":\"qr\","
                        + "\"expiresAt\":\"" + expiresAt + "\"}");
        Answer answer = call(place);
        record(place, answer);
        if (answer.status() == 201) {
            openHolds.add(new OpenHold(owner, answer.body().path("holdId").asText(), amount));
        }
    }

    private Answer call(Call call) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + call.path()))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + call.caller().token());
        if (call.key() != null) {
            request.header("Idempotency-Key", call.key());
        }
        if (call.body() != null) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(call.body()));
        } else {
            request.POST(HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.body().isEmpty() ? json.createObjectNode() : json.readTree(response.body());
        return new Answer(response.statusCode(), body);
    }

    private void record(Call call, Answer answer) {
        String route = call.path().startsWith("/api/v1/holds/") ? "POST /api/v1/holds/{id}/" + call.path().replaceAll(".*/", "")
                : call.method() + " " + call.path();
        boolean success = answer.status() == 200 || answer.status() == 201;
        outcomes.computeIfAbsent(route + " " + answer.status() + (success ? "" : " " + answer.code()), k -> new AtomicInteger())
                .incrementAndGet();
        boolean expectedRefusal = (answer.status() == 409 || answer.status() == 422) && EXPECTED_REFUSALS.contains(answer.code());
        if (!success && !expectedRefusal) {
            unexpected.add(route + " -> " + answer.status() + " " + answer.body());
            return;
        }
        if (success && call.path().equals("/api/v1/transfers")) {
            transferKeys.computeIfAbsent(call.key(), k -> ConcurrentHashMap.newKeySet()).add(answer.body().path("transactionId").asText());
        } else if (success && call.path().endsWith("/capture")) {
            captureKeys.computeIfAbsent(call.key(), k -> ConcurrentHashMap.newKeySet()).add(answer.body().path("transactionId").asText());
        }
    }
}
