package io.moolah.cache.rest;

import io.moolah.events.EventJson;
import io.moolah.events.Topics;
import io.moolah.events.transaction.TransactionEventTypes;
import io.moolah.events.transaction.WalletMovement;
import io.moolah.localstack.Await;
import io.moolah.localstack.testing.SharedInfrastructure;
import io.moolah.localstack.testing.TestTokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The read model from real transaction.events on the real broker, with L2 in the real Redis. The ledger (L3) is not
 * running in this test, so a read that has to reach it is a 503: that is how these tests see that an answer came from
 * a cache layer, and that a cached answer older than Min-Version is never given. L3 itself is exercised by the system
 * tests against the running transaction-service.
 */
@QuarkusTest
class CacheTest {
    private static KafkaProducer<String, String> producer;

    @Inject
    RedisDataSource redis;

    record Wallet(UUID walletId, String token) {
    }

    @Test
    void eventsKeepTheBalanceCurrentAndAnOlderVersionNeverOverwritesANewerOne() {
        Wallet wallet = newWallet();
        publishUntilCached(wallet, 2, 5_000);
        balance(wallet).statusCode(200).body("ledgerBalance", equalTo(5000)).body("version", equalTo(2))
                .body("availableBalance", equalTo(4000)).body("heldAmount", equalTo(1000));

        publish(wallet, 1, 9_999);
        publishUntilCached(wallet, 3, 6_000);
        balance(wallet).statusCode(200).body("ledgerBalance", equalTo(6000)).body("version", equalTo(3));
        assertEquals("3", redis.execute("HGET", "moolah:cache:balance:" + wallet.walletId(), "v").toString());
    }

    @Test
    void aCachedAnswerOlderThanMinVersionFallsThroughToTheLedger() {
        Wallet wallet = newWallet();
        publishUntilCached(wallet, 4, 100);
        given().auth().oauth2(wallet.token()).header("Min-Version", "4").get(path(wallet)).then().statusCode(200).body("version", equalTo(4));
        given().auth().oauth2(wallet.token()).header("Min-Version", "5").get(path(wallet)).then()
                .statusCode(503).contentType("application/problem+json").header("Retry-After", "1")
                .body("code", equalTo("LEDGER_UNAVAILABLE"));
    }

    @Test
    void aFirstPageOfHistoryInRedisIsServedWhileNoNewerVersionIsKnown() {
        Wallet wallet = newWallet();
        publishUntilCached(wallet, 3, 900);
        String page = "{\"items\":[{\"transactionId\":\"t-3\",\"amount\":100}],\"nextCursor\":null}";
        redis.execute("HSET", "moolah:cache:history:" + wallet.walletId(), "v", "3", "json", page);
        String transactions = "/api/v1/wallets/" + wallet.walletId() + "/transactions";

        given().auth().oauth2(wallet.token()).get(transactions).then().statusCode(200).body("items[0].transactionId", equalTo("t-3"));
        publishUntilCached(wallet, 4, 800);
        given().auth().oauth2(wallet.token()).get(transactions).then()
                .statusCode(503).body("code", equalTo("LEDGER_UNAVAILABLE"));
        given().auth().oauth2(wallet.token()).get(transactions + "?limit=5").then()
                .statusCode(503).body("code", equalTo("LEDGER_UNAVAILABLE"));
    }

    @Test
    void onlyTheOwnerOrAnOperatorReadsAWallet() {
        Wallet wallet = newWallet();
        publishUntilCached(wallet, 1, 700);
        Wallet other = newWallet();
        given().auth().oauth2(other.token()).get(path(wallet)).then().statusCode(404).body("code", equalTo("WALLET_NOT_FOUND"));
        given().get(path(wallet)).then().statusCode(401);
        given().auth().oauth2(TestTokens.operator()).get(path(wallet)).then().statusCode(200).body("ledgerBalance", equalTo(700));
        given().auth().oauth2(wallet.token()).get("/api/v1/wallets/not-a-wallet/balance").then().statusCode(404);
        for (String bad : new String[]{"-1", "abc", "1.5", "99999999999999999999"}) {
            given().auth().oauth2(wallet.token()).header("Min-Version", bad).get(path(wallet)).then()
                    .statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        }
    }

    @Test
    void theInMemoryFastPathAnswersAsTheFullPathAndKeepsItsRules() {
        Wallet wallet = newWallet();
        publishUntilCached(wallet, 1, 900);
        // The first read verifies the token (full path); the next ones may be answered from memory on the event loop.
        String full = balance(wallet).statusCode(200).extract().asString();
        for (int i = 0; i < 3; i++) {
            var fast = given().auth().oauth2(wallet.token()).get(path(wallet)).then().statusCode(200).extract();
            assertEquals(full.replaceAll("\"asOf\":\"[^\"]*\"", ""), fast.asString().replaceAll("\"asOf\":\"[^\"]*\"", ""),
                    "same answer either way");
            org.junit.jupiter.api.Assertions.assertNotNull(fast.header("X-Request-Id"), "request ids still travel");
        }
        // A remembered token of someone else still gets 404, a newer Min-Version still goes to the ledger, bad input 400.
        Wallet other = newWallet();
        publishUntilCached(other, 1, 100);
        given().auth().oauth2(other.token()).get(path(other)).then().statusCode(200);
        given().auth().oauth2(other.token()).get(path(wallet)).then().statusCode(404).body("code", equalTo("WALLET_NOT_FOUND"));
        given().auth().oauth2(wallet.token()).header("Min-Version", "-1").get(path(wallet)).then().statusCode(400);
        given().header("Authorization", "Bearer " + wallet.token() + "x").get(path(wallet)).then().statusCode(401);
    }

    @Test
    void withRedisDownReadsKeepWorkingAndHealthSaysDegradedThenL2Refills() {
        Wallet wallet = newWallet();
        publishUntilCached(wallet, 1, 100);
        balance(wallet).statusCode(200);
        SharedInfrastructure.get().stopRedis();
        try {
            balance(wallet).statusCode(200).body("version", equalTo(1));
            publish(wallet, 2, 200);
            Await.until("L1 to take the new version without Redis", Duration.ofSeconds(30),
                    () -> balance(wallet).extract().statusCode() == 200 && balance(wallet).extract().jsonPath().getInt("version") == 2);
            given().get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'cache-layers' }.data.l2", equalTo("degraded"));
        } finally {
            SharedInfrastructure.get().startRedis();
        }
        Await.until("Redis to be back in use", Duration.ofSeconds(30), () -> {
            publish(wallet, 3, 300);
            var stored = redis.execute("HGET", "moolah:cache:balance:" + wallet.walletId(), "v");
            return stored != null && stored.toString().equals("3");
        });
        given().get("/q/health/ready").then().statusCode(200).body("checks.find { it.name == 'cache-layers' }.data.l2", equalTo("up"));
    }

    @Test
    void aBurstOfEventsIsAppliedInBatchesAndEachWalletEndsAtItsNewestVersion() {
        Wallet first = newWallet();
        publishUntilCached(first, 1, 1); // the consumer has its partitions
        java.util.List<Wallet> wallets = new java.util.ArrayList<>(java.util.List.of(first));
        for (int i = 0; i < 19; i++) {
            wallets.add(newWallet());
        }
        // Versions 2..6 of every wallet, each wallet's out of order (6 before 5), sent without waiting: the consumer
        // polls many at once.
        for (long version : new long[]{2, 3, 4, 6, 5}) {
            for (Wallet wallet : wallets) {
                send(wallet, version, version * 1_000);
            }
        }
        producer.flush();

        for (Wallet wallet : wallets) {
            Await.until("version 6 of " + wallet.walletId() + " in Redis", Duration.ofSeconds(60), () -> {
                var stored = redis.execute("HGET", "moolah:cache:balance:" + wallet.walletId(), "v");
                return stored != null && stored.toLong() == 6;
            });
            balance(wallet).statusCode(200).body("version", equalTo(6)).body("ledgerBalance", equalTo(6000));
        }
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        java.util.regex.Matcher batches = java.util.regex.Pattern
                .compile("moolah_consumer_batch_size_count\\{consumer=\"cache-service[^}]*} ([0-9.E]+)").matcher(metrics);
        assertTrue(batches.find() && Double.parseDouble(batches.group(1)) >= 1, "events were applied in batches");
    }

    @Test
    void layersAreMeasured() {
        Wallet wallet = newWallet();
        publishUntilCached(wallet, 1, 100);
        balance(wallet).statusCode(200);
        balance(wallet).statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("moolah_cache_requests_total{layer=\"l1\",result=\"hit\"}"))
                .body(containsString("moolah_cache_latency_seconds_bucket{layer=\"l2\""))
                .body(containsString("cache_evictions_total{cache=\"l1-balances\""))
                .body(containsString("kafka_consumer_fetch_manager_records_lag_max{"));
    }

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    private static Wallet newWallet() {
        UUID walletId = UUID.randomUUID();
        return new Wallet(walletId, TestTokens.customer(UUID.randomUUID(), walletId));
    }

    private static String path(Wallet wallet) {
        return "/api/v1/wallets/" + wallet.walletId() + "/balance";
    }

    private static io.restassured.response.ValidatableResponse balance(Wallet wallet) {
        return given().auth().oauth2(wallet.token()).get(path(wallet)).then();
    }

    /**
     * The cache reads from the newest offset when it starts, so an event sent before its consumer has its partitions
     * would be missed: send until the cache answers with this version (resending is harmless: same version).
     */
    private static void publishUntilCached(Wallet wallet, long version, long balance) {
        Await.until("version " + version + " of " + wallet.walletId() + " in the cache", Duration.ofSeconds(60), () -> {
            publish(wallet, version, balance);
            for (int i = 0; i < 10; i++) {
                var reply = balance(wallet).extract();
                if (reply.statusCode() == 200 && reply.jsonPath().getLong("version") == version) {
                    return true;
                }
                Await.sleep(100);
            }
            return false;
        });
    }

    private static synchronized void publish(Wallet wallet, long version, long balance) {
        try {
            send(wallet, version, balance).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized java.util.concurrent.Future<?> send(Wallet wallet, long version, long balance) {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of("bootstrap.servers", SharedInfrastructure.get().kafkaBootstrapServers(),
                    "acks", "all"), new StringSerializer(), new StringSerializer());
        }
        long held = version == 2 && balance == 5_000 ? 1_000 : 0;
        WalletMovement movement = new WalletMovement(UUID.randomUUID(), "TRANSFER", wallet.walletId(), 100, "ZAR", "someone",
                "test", null, new WalletMovement.Balance(balance, held, balance - held), version, Instant.now());
        String envelope = EventJson.toJson(EventJson.newEvent(TransactionEventTypes.TRANSFER_POSTED, TransactionEventTypes.VERSION,
                wallet.walletId().toString(), "transaction-service", movement));
        return producer.send(new ProducerRecord<>(Topics.TRANSACTION_EVENTS, wallet.walletId().toString(), envelope));
    }
}
