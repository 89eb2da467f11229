package io.moolah.transaction.rest;

import io.moolah.events.EventJson;
import io.moolah.events.Topics;
import io.moolah.events.payment.PaymentEventTypes;
import io.moolah.events.payment.TopUpSucceeded;
import io.moolah.localstack.Await;
import io.moolah.localstack.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.moolah.transaction.rest.Ledger.count;
import static io.moolah.transaction.rest.Ledger.execute;
import static io.moolah.transaction.rest.Ledger.newCustomer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The ledger's consumer through database failures, made real with triggers that raise the errors PostgreSQL raises
 * in an outage (SQLSTATE 53300, too many connections) or for a record that can never apply (22023). Max attempts is 3
 * in tests, so a consumer that gave up on outages would set the top-up aside within a second.
 */
@QuarkusTest
class ConsumerOutageTest {

    @Test
    void anOutageLongerThanEveryAttemptDelaysATopUpButNeverSetsItAside() {
        var alice = newCustomer();
        UUID paymentId = UUID.randomUUID();
        String fault = failInserts("journal_entry", "new.external_ref = 'payment:" + paymentId + "'", "53300");
        try {
            publishTopUp(alice.walletId(), paymentId, 3_000);
            Await.sleep(5_000);
            assertEquals(0L, credited(paymentId), "nothing applies while the database refuses");
        } finally {
            dropFault("journal_entry", fault);
        }
        Await.until("the top-up to be credited once the database is back", Duration.ofSeconds(30), () -> credited(paymentId) == 1);
        assertEquals(3_000, Ledger.balance(alice));
        assertEquals(0L, count("select count(*) from dead_letter_event where record like '%" + paymentId + "%'"));
    }

    @Test
    void aDeadLetterThatCannotBeWrittenNeverStopsTheConsumerAndAReplayAppliesIt() {
        var alice = newCustomer();
        UUID poisoned = UUID.randomUUID();
        UUID next = UUID.randomUUID();
        String poison = failInserts("journal_entry", "new.external_ref = 'payment:" + poisoned + "'", "22023");
        String outage = failInserts("dead_letter_event", "true", "53300");
        try {
            publishTopUp(alice.walletId(), poisoned, 1_000);
            Await.sleep(3_000);
        } finally {
            dropFault("dead_letter_event", outage);
        }
        // Published after the poisoned one, on the same partition: handled only if the consumer lived through it all.
        publishTopUp(alice.walletId(), next, 2_000);
        Await.until("the next top-up to be credited", Duration.ofSeconds(30), () -> credited(next) == 1);
        long id = count("select id from dead_letter_event where record like '%" + poisoned + "%'");
        assertEquals(0L, credited(poisoned));
        assertEquals(2_000, Ledger.balance(alice));

        // The cause fixed, an operator replays it: applied once.
        dropFault("journal_entry", poison);
        String operator = TestTokens.operator();
        String deadLetters = "/api/v1/admin/dead-letters/ledger";
        given().auth().oauth2(alice.token()).get(deadLetters).then().statusCode(403);
        given().auth().oauth2(alice.token()).post(deadLetters + "/" + id + "/replay").then().statusCode(403);
        given().auth().oauth2(operator).get("/api/v1/admin/dead-letters/payments").then().statusCode(404)
                .body("code", equalTo("NOT_FOUND")); // another service's area: the gateway never sends it here
        given().auth().oauth2(operator).get(deadLetters).then().statusCode(200)
                .body("items.find { it.id == " + id + " }.consumer", equalTo("transaction-service.top-ups"))
                .body("items.find { it.id == " + id + " }.eventType", equalTo(PaymentEventTypes.TOP_UP_SUCCEEDED))
                .body("items.find { it.id == " + id + " }.replayedAt", nullValue());
        given().auth().oauth2(operator).post("/api/v1/admin/dead-letters/payments/" + id + "/replay").then().statusCode(404);
        given().auth().oauth2(operator).post(deadLetters + "/" + id + "/replay").then().statusCode(200)
                .body("replayedAt", notNullValue());
        given().auth().oauth2(operator).post(deadLetters + "/" + id + "/replay").then().statusCode(409)
                .body("code", equalTo("DEAD_LETTER_REPLAYED"));
        given().auth().oauth2(operator).get(deadLetters).then().statusCode(200)
                .body("items.find { it.id == " + id + " }", nullValue());
        for (String missing : List.of("999999999", "abc", "-1", "1e3", "99999999999999999999")) {
            given().auth().oauth2(operator).post(deadLetters + "/" + missing + "/replay").then().statusCode(404)
                    .body("code", equalTo("DEAD_LETTER_NOT_FOUND"));
        }
        assertEquals(1L, credited(poisoned));
        assertEquals(3_000, Ledger.balance(alice));
    }

    private static long credited(UUID paymentId) {
        return count("select count(*) from journal_entry where external_ref = 'payment:" + paymentId + "'");
    }

    private static void publishTopUp(UUID walletId, UUID paymentId, long amount) {
        Ledger.publish(Topics.PAYMENT_EVENTS, walletId.toString(), EventJson.newEvent(PaymentEventTypes.TOP_UP_SUCCEEDED,
                PaymentEventTypes.VERSION, paymentId.toString(), "payment-gateway-service",
                new TopUpSucceeded(paymentId, walletId, amount, "ZAR", "PEACH", "peach-" + paymentId)));
    }

    /** A trigger that raises {@code sqlState} on inserts into {@code table} that match {@code condition}; its name. */
    private static String failInserts(String table, String condition, String sqlState) {
        String name = "fault_" + UUID.randomUUID().toString().replace("-", "");
        execute("create function " + name + "() returns trigger language plpgsql as $$ begin if " + condition
                + " then raise exception 'injected fault' using errcode = '" + sqlState + "'; end if; return new; end $$");
        execute("create trigger " + name + " before insert on " + table + " for each row execute function " + name + "()");
        return name;
    }

    private static void dropFault(String table, String name) {
        execute("drop trigger if exists " + name + " on " + table);
        execute("drop function if exists " + name + "()");
    }
}
