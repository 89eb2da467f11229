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
        UUID customerId = UUID.randomUUID();
        UUID walletId = UUID.randomUUID();
        String phone = "+2784" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
        send(walletId, AccountEventTypes.WALLET_OPENED,
                new WalletOpened(walletId, customerId, phone, "ZAR", "ACTIVE", 1, limits));
        Await.until("the wallet projection of " + walletId, Duration.ofSeconds(30),
                () -> count("select count(*) from ledger_account where wallet_id = '" + walletId + "'") == 1);
        return new Customer(customerId, walletId, phone, TestTokens.customer(customerId, walletId));
    }

    public static void freeze(Customer customer) {
        send(customer.walletId(), AccountEventTypes.WALLET_STATUS_CHANGED,
                new WalletStatusChanged(customer.walletId(), customer.customerId(), "ACTIVE", "FROZEN", "test"));
        Await.until("the freeze to be projected", Duration.ofSeconds(30),
                () -> count("select count(*) from wallet where status = 'FROZEN' and wallet_id = '" + customer.walletId() + "'") == 1);
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

    public static long count(String sql) {
        return ((Number) scalar(sql)).longValue();
    }

    /** Runs a statement on the ledger's database as an operator of the database would (a test's fault injection). */
    static void execute(String sql) {
        SharedInfrastructure servers = SharedInfrastructure.get();
        try (Connection connection = DriverManager.getConnection(servers.jdbcUrl("transaction"), servers.postgresUser(),
                servers.postgresPassword())) {
            connection.createStatement().execute(sql);
        } catch (Exception e) {
            throw new IllegalStateException(sql, e);
        }
    }

    static Object scalar(String sql) {
        SharedInfrastructure servers = SharedInfrastructure.get();
        try (Connection connection = DriverManager.getConnection(servers.jdbcUrl("transaction"), servers.postgresUser(),
                servers.postgresPassword()); ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getObject(1);
        } catch (Exception e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
