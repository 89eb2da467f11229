package io.moolah.transaction.service;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.moolah.platform.web.ProblemException;
import io.moolah.transaction.config.LedgerSettings;
import io.moolah.transaction.repository.LedgerRepository.PhoneKey;
import io.moolah.transaction.rest.Ledger;
import io.moolah.transaction.rest.Ledger.Customer;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.moolah.transaction.rest.Ledger.count;
import static io.moolah.transaction.rest.Ledger.fund;
import static io.moolah.transaction.rest.Ledger.newCustomer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The batching writer on the real database: one batch with refused transfers among good ones, two writers (as two
 * replicas would run) on the same wallets at once, and a writer stopped with transfers still queued.
 */
@QuarkusTest
class TransferBatchTest {

    @Inject
    TransferBatch batch;

    @Inject
    TransferWriter writer;

    @Inject
    LedgerSettings settings;

    @Inject
    io.moolah.transaction.shard.LedgerShards shards;

    @Inject
    io.moolah.transaction.shard.WalletDirectory directory;

    @Inject
    CrossShardTransfers crossShard;

    @Inject
    Idempotency idempotency;

    @Test
    void aRefusedTransferInABatchWritesNothingAndPostsAllTheOthers() {
        // One shard's batch (the writer gives a batch the transfers of one shard's senders): all on shard 0.
        Customer rich = Ledger.newCustomerOnShard(0);
        Customer poor = Ledger.newCustomerOnShard(0);
        Customer other = Ledger.newCustomerOnShard(0);
        Customer payee = Ledger.newCustomerOnShard(0);
        fund(rich, 10_000);
        fund(other, 10_000);
        TransferOrder first = order(rich, payee, 4_000);
        TransferOrder refused = order(poor, payee, 500);
        TransferOrder byPhone = new TransferOrder(other.customerId(), claim(other), other.walletId(), null,
                new PhoneKey(payee.phone(), "ZAR"), 2_000, "ZAR", "by phone");
        TransferOrder emptiesRich = order(rich, payee, 6_000);
        TransferOrder overdrawn = order(rich, payee, 1);
        TransferOrder sameKeyAgain = new TransferOrder(first.customerId(), first.claim(), first.fromWalletId(),
                first.toWalletId(), null, first.amount(), "ZAR", first.reference());

        List<TransferBatch.Settled> settled = batch.post(List.of(first, refused, byPhone, emptiesRich, overdrawn, sameKeyAgain));

        assertEquals(201, settled.get(0).outcome().status());
        assertEquals("INSUFFICIENT_FUNDS", settled.get(1).refusal().code());
        assertEquals(201, settled.get(2).outcome().status());
        assertEquals(201, settled.get(3).outcome().status(), "the batch's own earlier transfer left exactly 6,000");
        assertEquals("INSUFFICIENT_FUNDS", settled.get(4).refusal().code(), "checked against the balance the batch left");
        assertEquals("REQUEST_IN_PROGRESS", settled.get(5).refusal().code(), "a key twice in one batch runs once");
        assertEquals(0, Ledger.balance(rich));
        assertEquals(8_000, Ledger.balance(other));
        assertEquals(12_000, Ledger.balance(payee));
        assertEquals(0, Ledger.balance(poor));
        assertEquals(0, count("select count(*) from posting p join ledger_account a on a.id = p.account_id where a.wallet_id = '"
                + poor.walletId() + "'"));
        assertEquals(0, count("select count(*) from idempotency_record where idempotency_key = '" + refused.claim().key() + "'"),
                "a refused transfer does not use up its key");

        List<TransferBatch.Settled> replayed = batch.post(List.of(first));
        assertTrue(replayed.get(0).outcome().replayed());
        assertEquals(settled.get(0).outcome().body(), replayed.get(0).outcome().body());
        assertEquals(12_000, Ledger.balance(payee));
    }

    @Test
    void twoWritersOnTheSameWalletsKeepEveryInvariant() throws Exception {
        int wallets = 12;
        long funding = 5_000;
        List<Customer> customers = new ArrayList<>();
        for (int i = 0; i < wallets; i++) {
            Customer customer = Ledger.newCustomerOnShard(0);
            fund(customer, funding);
            customers.add(customer);
        }
        TransferWriter second = secondWriter();
        try {
            Random random = new Random(42);
            Map<String, Set<String>> postedByKey = new ConcurrentHashMap<>();
            List<CompletableFuture<Void>> answers = new ArrayList<>();
            List<String> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                Customer from = customers.get(random.nextInt(wallets));
                Customer to = customers.get(random.nextInt(wallets));
                if (from == to) {
                    continue;
                }
                TransferOrder order = order(from, to, 1 + random.nextInt(3_000));
                // Every fifth transfer is sent twice, once to each writer: the key must post it once.
                List<TransferWriter> targets = i % 5 == 0 ? List.of(writer, second) : List.of(i % 2 == 0 ? writer : second);
                for (TransferWriter target : targets) {
                    answers.add(target.submit(order).toCompletableFuture().handle((outcome, failure) -> {
                        if (failure == null) {
                            postedByKey.computeIfAbsent(order.claim().key(), k -> ConcurrentHashMap.newKeySet())
                                    .add(outcome.body().replaceAll(".*\"transactionId\":\"([^\"]+)\".*", "$1"));
                        } else if (!(unwrapped(failure) instanceof ProblemException problem)
                                || !Set.of("INSUFFICIENT_FUNDS", "REQUEST_IN_PROGRESS").contains(problem.code())) {
                            unexpected.add(String.valueOf(failure));
                        }
                        return null;
                    }));
                }
            }
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(3, TimeUnit.MINUTES);

            assertEquals(List.of(), unexpected);
            postedByKey.forEach((key, ids) -> assertEquals(1, ids.size(), "key " + key + " posted " + ids));
            String accounts = "(select id from ledger_account where wallet_id in (" + customers.stream()
                    .map(c -> "'" + c.walletId() + "'").collect(Collectors.joining(",")) + "))";
            assertEquals(wallets * funding, count("select sum(balance) from ledger_account where id in " + accounts),
                    "money moved only between the test's wallets");
            assertEquals(postedByKey.size(), count("select count(distinct entry_id) from posting where account_id in " + accounts
                    + " and entry_id in (select id from journal_entry where type = 'TRANSFER')"), "one entry per posted key");
            assertEquals(0, count("select count(*) from ledger_account a where a.id in " + accounts
                    + " and a.balance <> (select sum(amount) from posting p where p.account_id = a.id)"));
            assertEquals(0, count("select count(*) from ledger_account where id in " + accounts + " and balance - held < 0"));
            assertEquals(0, count("select count(*) from (select balance_after, sum(amount) over (partition by account_id"
                    + " order by account_version) as running from posting where account_id in " + accounts + ") x"
                    + " where balance_after <> running"), "each posting's balance follows from the ones before it");
            assertEquals(0, count("select count(*) from (select account_id, account_version from posting where account_id in "
                    + accounts + " group by 1, 2 having count(*) > 1) x"), "no two postings saw the same account version");
            assertTrue(postedByKey.size() > 100, "enough transfers went through to mean something: " + postedByKey.size());
        } finally {
            second.stop(null);
        }
    }

    @Test
    void aStoppingWriterAnswersEveryQueuedTransferAndLosesNoneItAcknowledged() throws Exception {
        Customer sender = newCustomer();
        Customer payee = newCustomer();
        fund(sender, 1_000_000);
        TransferWriter second = secondWriter();
        List<TransferOrder> orders = new ArrayList<>();
        List<CompletableFuture<Idempotency.Outcome>> answers = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            TransferOrder order = order(sender, payee, 10);
            orders.add(order);
            answers.add(second.submit(order).toCompletableFuture());
        }
        second.stop(null);
        assertTrue(second.submit(order(sender, payee, 10)).toCompletableFuture().isCompletedExceptionally(),
                "a stopped writer takes nothing");
        long acknowledged = 0;
        for (int i = 0; i < orders.size(); i++) {
            CompletableFuture<Idempotency.Outcome> answer = answers.get(i);
            assertTrue(answer.isDone(), "every queued transfer is answered once the writer has stopped");
            String key = orders.get(i).claim().key();
            try {
                assertNotNull(answer.get());
                acknowledged++;
                assertEquals(1, count("select count(*) from idempotency_record where idempotency_key = '" + key + "'"));
            } catch (ExecutionException refused) {
                assertEquals("LEDGER_BUSY", ((ProblemException) refused.getCause()).code());
                assertEquals(0, count("select count(*) from idempotency_record where idempotency_key = '" + key + "'"));
                // The client's retry, to a running writer, with the same key.
                assertEquals(201, writer.submit(orders.get(i)).toCompletableFuture().get(30, TimeUnit.SECONDS).status());
            }
        }
        assertTrue(acknowledged > 0, "the writer posted what was queued before it stopped");
        assertEquals(3_000, Ledger.balance(payee), "every transfer posted exactly once in the end");
    }

    private static Throwable unwrapped(Throwable failure) {
        return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** A second writer with its own queue and threads on the same database: what another replica would run. */
    private TransferWriter secondWriter() {
        TransferWriter second = new TransferWriter();
        second.batch = batch;
        second.settings = settings;
        second.registry = new SimpleMeterRegistry();
        second.tracer = io.opentelemetry.api.OpenTelemetry.noop().getTracer("test");
        second.shards = shards;
        second.directory = directory;
        second.crossShard = crossShard;
        second.idempotency = idempotency;
        second.start(null);
        return second;
    }

    private static TransferOrder order(Customer from, Customer to, long amount) {
        return new TransferOrder(from.customerId(), claim(from), from.walletId(), to.walletId(), null, amount, "ZAR", "batch test");
    }

    private static Idempotency.Claim claim(Customer from) {
        String key = UUID.randomUUID().toString();
        return Idempotency.Claim.of("transfer:" + from.customerId(), key, key);
    }
}
