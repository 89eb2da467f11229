package io.moolah.payment.rest;

import io.moolah.localstack.testing.KafkaResource;
import io.moolah.localstack.testing.PostgresResource;
import io.moolah.localstack.testing.TestTokens;
import io.moolah.payment.CounterpartsResource;
import io.moolah.payment.Customers;
import io.moolah.payment.Customers.Customer;
import io.moolah.platform.web.PageCursor;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** GET /payments: the caller's own payments, newest first, in pages; every hostile query is a 4xx problem. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "payment"),
        scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestTokens.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = CounterpartsResource.class, scope = TestResourceScope.GLOBAL)
class PaymentListingTest {

    private static ValidatableResponse list(String token, String query) {
        return given().auth().oauth2(token).get("/api/v1/payments" + query).then();
    }

    private static String topUp(Customer customer, long amount) {
        var started = TopUpIdempotencyTest.startTopUp(customer, UUID.randomUUID().toString(), amount);
        assertEquals(201, started.statusCode(), started.body().asString());
        return started.path("paymentId");
    }

    @Test
    void paymentsComeNewestFirstInPagesAndOnlyTheCallersOwn() {
        Customer alice = Customers.newCustomer();
        Customer bob = Customers.newCustomer();
        List<String> made = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            made.add(topUp(alice, 1_000L * i));
        }
        String bobs = topUp(bob, 5_000);
        Collections.reverse(made);

        var first = list(alice.token(), "?limit=2").statusCode(200).extract();
        List<String> seen = new ArrayList<>(first.path("items.paymentId"));
        String cursor = first.path("nextCursor");
        list(alice.token(), "?limit=2&cursor=" + cursor).statusCode(200).body("nextCursor", nullValue())
                .extract().<List<String>>path("items.paymentId").forEach(seen::add);
        assertEquals(made, seen);
        list(alice.token(), "").statusCode(200).body("items.paymentId", equalTo(made))
                .body("items[0].type", equalTo("TOPUP")).body("items[0].amount", equalTo(3000))
                .body("items[0].status", equalTo("PENDING"));
        list(bob.token(), "").statusCode(200).body("items.paymentId", equalTo(List.of(bobs)));
        // An operator has no payments of their own.
        list(TestTokens.operator(), "").statusCode(200).body("items", empty());
    }

    @Test
    void statusAndTimeNarrowTheList() {
        Customer alice = Customers.newCustomer();
        String older = topUp(alice, 1_000);
        String newer = topUp(alice, 2_000);
        String newest = list(alice.token(), "?limit=1").statusCode(200).extract().path("items[0].createdAt");
        list(alice.token(), "?status=PENDING").statusCode(200).body("items.paymentId", equalTo(List.of(newer, older)));
        list(alice.token(), "?status=SUCCEEDED").statusCode(200).body("items", empty());
        // [from, to): the newest's own time excludes it as the end and keeps it as the start
        list(alice.token(), "?to=" + newest).statusCode(200).body("items.paymentId", equalTo(List.of(older)));
        list(alice.token(), "?from=" + newest).statusCode(200).body("items.paymentId", equalTo(List.of(newer)));
    }

    @Test
    void hostileQueriesAreProblems() {
        Customer alice = Customers.newCustomer();
        String holdsCursor = PageCursor.encode((byte) 2, new PageCursor.Position(Instant.now(), UUID.randomUUID()));
        for (String query : List.of("?limit=0", "?limit=101", "?limit=abc", "?status=pending", "?status=PAID",
                "?from=yesterday", "?to=2026-13-01T00:00:00Z", "?cursor=garbage",
                "?cursor=" + holdsCursor, "?cursor=" + "A".repeat(2_000))) {
            var answer = given().auth().oauth2(alice.token()).get("/api/v1/payments" + query).then().extract();
            assertEquals(400, answer.statusCode(), query.substring(0, Math.min(60, query.length())));
            assertEquals("VALIDATION_FAILED", answer.path("code"), query);
        }
        // An empty parameter is one not given.
        list(alice.token(), "?limit=&status=&from=&to=&cursor=").statusCode(200).body("items", empty());
        given().get("/api/v1/payments").then().statusCode(401);
    }
}
