package io.moolah.account.rest;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.moolah.account.rest.AccountApi.newPhoneNumber;
import static io.moolah.account.rest.AccountApi.post;
import static io.moolah.account.rest.AccountApi.postRaw;
import static io.moolah.account.rest.AccountApi.register;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Test resources: see ServiceBasicsTest (declared there with global scope). */
@QuarkusTest
class RegistrationTest {

    @Inject
    EntityManager entityManager;

    @Test
    void registrationOpensAZarWalletAndPublishesBothEvents() {
        String phone = newPhoneNumber();
        String local = "0" + phone.substring(3, 5) + " " + phone.substring(5, 8) + " " + phone.substring(8);

        var reply = post("/api/v1/auth/register", Map.of("phoneNumber", local, "fullName", "  Thandi   Nkosi ", "pin", "80426"))
                .statusCode(201)
                .header("Location", notNullValue())
                .body("phoneNumber", equalTo(phone))
                .body("kycTier", equalTo(0))
                .body("customerId", matchesPattern("[0-9a-f-]{36}"))
                .body("walletId", matchesPattern("[0-9a-f-]{36}"))
                .extract().jsonPath();

        String customerId = reply.getString("customerId");
        String walletId = reply.getString("walletId");
        assertEquals("Thandi Nkosi", single("select full_name from customer where id = cast(?1 as uuid)", customerId));
        assertEquals("ZAR", single("select currency from wallet where id = cast(?1 as uuid)", walletId));
        assertEquals("ACTIVE", single("select status from wallet where id = cast(?1 as uuid)", walletId));
        String hash = (String) single("select pin_hash from credential where customer_id = cast(?1 as uuid)", customerId);
        assertEquals(true, hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1,k=1$"), "Argon2id over the peppered PIN: " + hash);
        // The events, as the relay published them from the write-ahead log.
        assertEquals(1L, events(io.moolah.events.Topics.ACCOUNT_EVENTS, customerId, "CustomerRegistered"));
        assertEquals(1L, io.moolah.localstack.testing.TopicReader.countMatching(
                io.moolah.localstack.testing.SharedInfrastructure.get().kafkaBootstrapServers(), io.moolah.events.Topics.ACCOUNT_EVENTS,
                record -> walletId.equals(record.key()) && record.value().contains("\"type\":\"WalletOpened\"")
                        && record.value().contains("\"phoneNumber\":\"" + phone + "\"") && record.value().contains("\"maxBalance\":500000"),
                1, java.time.Duration.ofSeconds(30)));
    }

    @Test
    void aNumberRegistersOnce() {
        String phone = newPhoneNumber();
        register(phone).statusCode(201);

        register("0" + phone.substring(3)).statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("PHONE_NUMBER_TAKEN"));
        assertEquals(1L, count("select count(*) from customer where phone_number = ?1", phone));
    }

    @Test
    void twoRegistrationsOfOneNumberAtOnceLetExactlyOneThrough() throws Exception {
        String phone = newPhoneNumber();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> attempts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                attempts.add(() -> register(phone).extract().statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : pool.invokeAll(attempts, 60, TimeUnit.SECONDS)) {
                statuses.add(status.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
            assertEquals(3, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1L, count("select count(*) from customer where phone_number = ?1", phone));
        assertEquals(1L, count("select count(*) from wallet w join customer c on c.id = w.customer_id where c.phone_number = ?1", phone));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "malformed JSON          | {\"phoneNumber\": \"0821234567\", | 400 | MALFORMED_JSON",
            "not an object           | [1,2,3]                          | 400 | VALIDATION_FAILED",
            "empty object            | {}                               | 400 | VALIDATION_FAILED",
            "missing PIN             | {\"phoneNumber\":\"0821234567\",\"fullName\":\"Thandi Nkosi\"} | 400 | VALIDATION_FAILED",
            "extra field             | {\"phoneNumber\":\"0821234567\",\"fullName\":\"Thandi Nkosi\",\"pin\":\"80426\",\"kycTier\":3} | 400 | UNKNOWN_FIELD",
            "PIN not a string        | {\"phoneNumber\":\"0821234567\",\"fullName\":\"Thandi Nkosi\",\"pin\":[8,0,4,2,6]} | 400 | VALIDATION_FAILED",
            "PIN as a number         | {\"phoneNumber\":\"0821234567\",\"fullName\":\"Thandi Nkosi\",\"pin\":80426} | 400 | VALIDATION_FAILED",
            "short PIN               | {\"phoneNumber\":\"0821234567\",\"fullName\":\"Thandi Nkosi\",\"pin\":\"8042\"} | 400 | VALIDATION_FAILED",
            "non-numeric PIN         | {\"phoneNumber\":\"0821234567\",\"fullName\":\"Thandi Nkosi\",\"pin\":\"80a26\"} | 400 | VALIDATION_FAILED",
            "weak PIN                | {\"phoneNumber\":\"0821234567\",\"fullName\":\"Thandi Nkosi\",\"pin\":\"12345\"} | 422 | WEAK_PIN",
            "foreign number          | {\"phoneNumber\":\"+447911123456\",\"fullName\":\"Thandi Nkosi\",\"pin\":\"80426\"} | 422 | UNSUPPORTED_PHONE_NUMBER",
            "malformed number        | {\"phoneNumber\":\"08212\",\"fullName\":\"Thandi Nkosi\",\"pin\":\"80426\"} | 400 | VALIDATION_FAILED",
            "landline                | {\"phoneNumber\":\"0211234567\",\"fullName\":\"Thandi Nkosi\",\"pin\":\"80426\"} | 400 | VALIDATION_FAILED",
            "control character       | {\"phoneNumber\":\"0821234567\",\"fullName\":\"Thandi\\u0007Nkosi\",\"pin\":\"80426\"} | 400 | VALIDATION_FAILED",
            "name a number           | {\"phoneNumber\":\"0821234567\",\"fullName\":42,\"pin\":\"80426\"} | 400 | VALIDATION_FAILED",
            "null name               | {\"phoneNumber\":\"0821234567\",\"fullName\":null,\"pin\":\"80426\"} | 400 | VALIDATION_FAILED",
    })
    void hostileRegistrationsAreRefusedWithoutLeavingARecord(String what, String body, int status, String code) {
        long before = count("select count(*) from customer", null);

        postRaw("/api/v1/auth/register", body).statusCode(status)
                .contentType("application/problem+json")
                .body("code", equalTo(code))
                .body("status", equalTo(status));

        assertEquals(before, count("select count(*) from customer", null), what + " left a record");
    }

    @Test
    void overLongNameIsRefused() {
        post("/api/v1/auth/register", Map.of("phoneNumber", newPhoneNumber(), "fullName", "N".repeat(101), "pin", "80426"))
                .statusCode(400).body("errors.field", hasItem("fullName"));
    }

    @Test
    void wrongContentTypeAndHugeBodiesAreRefused() {
        given().contentType("text/plain").body("hello").post("/api/v1/auth/register").then()
                .statusCode(415).body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
        given().contentType("application/json").body("{\"phoneNumber\":\"0821234567\",\"pin\":\"80426\",\"fullName\":\""
                        + "a".repeat(70_000) + "\"}")
                .post("/api/v1/auth/register").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("fullName"));
        given().contentType("application/json").body("{\"fullName\":\"" + "a".repeat(1_100_000) + "\"}")
                .post("/api/v1/auth/register").then().statusCode(413);
        given().contentType("application/json").post("/api/v1/auth/register").then()
                .statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
    }

    private Object single(String sql, Object parameter) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = entityManager.createNativeQuery(sql);
            if (parameter != null) {
                query.setParameter(1, parameter);
            }
            return query.getSingleResult();
        });
    }

    private long count(String sql, Object parameter) {
        return ((Number) single(sql, parameter)).longValue();
    }

    private static long events(String topic, String aggregateId, String type) {
        return io.moolah.localstack.testing.TopicReader.countMatching(
                io.moolah.localstack.testing.SharedInfrastructure.get().kafkaBootstrapServers(), topic,
                record -> aggregateId.equals(record.key()) && record.value().contains("\"type\":\"" + type + "\""),
                1, java.time.Duration.ofSeconds(30));
    }
}
