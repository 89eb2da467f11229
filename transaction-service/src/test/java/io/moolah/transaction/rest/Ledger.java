package io.moolah.transaction.rest;

import io.moolah.events.EventEnvelope;
import io.moolah.events.EventJson;
import io.moolah.events.Topics;
import io.moolah.events.account.AccountEventTypes;
import io.moolah.events.account.Limits;
import io.moolah.events.account.WalletOpened;
import io.moolah.events.account.WalletStatusChanged;
import io.moolah.localstack.Await;
import io.moolah.localstack.testing.SharedInfrastructure;
import io.moolah.localstack.testing.TestTokens;
import io.restassured.response.ValidatableResponse;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;

/**
 * Test helpers that act as the platform's other parts would: wallets arrive as account.events on the real broker
 * (the ledger's consumer projects them), money arrives by operator adjustment, and callers carry real signed tokens.
 */
public final class Ledger {
    public static final Limits GENEROUS = new Limits(100_000_000L, 500_000_000L, 1_000_000_000L);
    private static KafkaProducer<String, String> producer;

    private Ledger() {
    }

    public record Customer(UUID customerId, UUID walletId, String phone, String token) {
    }

    public static Customer newCustomer() {
        return newCustomer(GENEROUS);
    }

    public static Customer newCustomer(Limits limits) {
        return newCustomer(limits, UUID.randomUUID());
    }

    /** A customer whose wallet the directory puts on {@code shard} (both shards are open for new customers here). */
    public static Customer newCustomerOnShard(int shard) {
        return newCustomerOnShard(shard, GENEROUS);
    }

    public static Customer newCustomerOnShard(int shard, Limits limits) {
        UUID customerId = UUID.randomUUID();
        while (io.moolah.transaction.shard.WalletDirectory.hashIndex(customerId, SHARDS.size()) != shard) {
            customerId = UUID.randomUUID();
        }
        return newCustomer(limits, customerId);
    }

    /** The shard (0, 1) a customer's wallet is on, as the ledger's databases say. */
    public static int shardOf(Customer customer) {
        for (int shard = 0; shard < SHARDS.size(); shard++) {
            Object found = scalar(SHARDS.get(shard), "select count(*) from ledger_account where wallet_id = '" + customer.walletId() + "'");
            if (((Number) found).longValue() == 1) {
                return shard;
            }
        }
        throw new IllegalStateException("no ledger account for " + customer.walletId());
    }

    static Customer newCustomer(Limits limits, UUID customerId) {
        UUID walletId = UUID.randomUUID();
        String phone = "+2784" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
        send(walletId, AccountEventTypes.WALLET_OPENED,
                new WalletOpened(walletId, customerId, phone, "ZAR", "ACTIVE", 1, limits));
        // Its ledger account on its shard, and its projection on every shard (a sender anywhere can find it).
        Await.until("the wallet projection of " + walletId, Duration.ofSeconds(30),
                () -> count("select count(*) from ledger_account where wallet_id = '" + walletId + "'") == 1
                        && count("select count(*) from wallet where wallet_id = '" + walletId + "'") == SHARDS.size());
        return new Customer(customerId, walletId, phone, TestTokens.customer(customerId, walletId));
    }

    public static void freeze(Customer customer) {
        send(customer.walletId(), AccountEventTypes.WALLET_STATUS_CHANGED,
                new WalletStatusChanged(customer.walletId(), customer.customerId(), "ACTIVE", "FROZEN", "test"));
        Await.until("the freeze to be projected", Duration.ofSeconds(30),
                () -> count("select count(*) from wallet where status = 'FROZEN' and wallet_id = '" + customer.walletId() + "'")
                        == SHARDS.size());
    }

    static void send(UUID walletId, String type, Object payload) {
        publish(Topics.ACCOUNT_EVENTS, walletId.toString(),
                EventJson.newEvent(type, 1, walletId.toString(), "account-service", payload));
    }

    /** Publishes an event to the real broker, as its owning service's relay would, and waits for the acknowledgement. */
    static synchronized void publish(String topic, String key, EventEnvelope event) {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of("bootstrap.servers", SharedInfrastructure.get().kafkaBootstrapServers(),
                    "acks", "all"), new StringSerializer(), new StringSerializer());
        }
        try {
            producer.send(new ProducerRecord<>(topic, key, EventJson.toJson(event))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static void fund(Customer customer, long amount) {
        adjust(customer.walletId(), amount, UUID.randomUUID().toString()).statusCode(201);
    }

    static ValidatableResponse adjust(UUID walletId, long amount, String key) {
        return given().auth().oauth2(TestTokens.operator()).header("Idempotency-Key", key).contentType("application/json")
                .body(Map.of("walletId", walletId.toString(), "amount", amount, "currency", "ZAR", "reason", "test funding"))
                .post("/api/v1/admin/adjustments").then();
    }

    static ValidatableResponse transfer(Customer from, Object body, String key) {
        var request = given().auth().oauth2(from.token()).contentType("application/json").body(body);
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.post("/api/v1/transfers").then();
    }

    static Map<String, Object> send(Customer from, Customer to, long amount) {
        return Map.of("fromWalletId", from.walletId().toString(), "toWalletId", to.walletId().toString(),
                "amount", amount, "currency", "ZAR", "reference", "test");
    }

    public static long balance(Customer customer) {
        return given().auth().oauth2(customer.token()).get("/api/v1/wallets/" + customer.walletId() + "/balance")
                .then().statusCode(200).extract().jsonPath().getLong("ledgerBalance");
    }

    /** Events of {@code type} on transaction.events that mention {@code id}, as the relay published them. */
    public static long events(String type, String id, long expected) {
        return io.moolah.localstack.testing.TopicReader.countMatching(SharedInfrastructure.get().kafkaBootstrapServers(),
                Topics.TRANSACTION_EVENTS, record -> record.value().contains("\"type\":\"" + type + "\"")
                        && record.value().contains(id), expected, Duration.ofSeconds(30));
    }

    /** The ledger's shards' databases, shard 0 first (the module's tests run on two: LedgerShardsResource). */
    static final List<String> SHARDS = List.of("transaction", io.moolah.transaction.LedgerShardsResource.SHARD_1);

    /** A count or a sum, over every shard's database (each row is on one shard, so the figures add up). */
    public static long count(String sql) {
        long total = 0;
        for (String shard : SHARDS) {
            Object value = scalar(shard, sql);
            total += value == null ? 0 : ((Number) value).longValue();
        }
        return total;
    }

    /** Runs a statement on every shard's database as an operator of the database would (a test's fault injection). */
    static void execute(String sql) {
        SHARDS.forEach(shard -> executeOn(shard, sql));
    }

    /** Runs a statement on one shard's database. */
    static void executeOn(String database, String sql) {
        SharedInfrastructure servers = SharedInfrastructure.get();
        try (Connection connection = DriverManager.getConnection(servers.jdbcUrl(database), servers.postgresUser(),
                servers.postgresPassword())) {
            connection.createStatement().execute(sql);
        } catch (Exception e) {
            throw new IllegalStateException(sql, e);
        }
    }

    static Object scalar(String database, String sql) {
        SharedInfrastructure servers = SharedInfrastructure.get();
        try (Connection connection = DriverManager.getConnection(servers.jdbcUrl(database), servers.postgresUser(),
                servers.postgresPassword()); ResultSet rows = connection.createStatement().executeQuery(sql)) {
            return rows.next() ? rows.getObject(1) : null;
        } catch (Exception e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
