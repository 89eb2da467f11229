package io.moolah.payment.rest;

import io.moolah.localstack.testing.KafkaResource;
import io.moolah.localstack.testing.PostgresResource;
import io.moolah.localstack.testing.TestTokens;
import io.moolah.payment.CounterpartsResource;
import io.moolah.payment.Customers;
import io.moolah.payment.Customers.Customer;
import io.moolah.localstack.testing.ReplicaDatabaseResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A customer's payment status and listing read a replica within the staleness bound: here a second database standing
 * for a replica that has not replayed the latest writes, so the answer shows which of the two gave it.
 */
@QuarkusTest
@TestProfile(PaymentReplicaTest.LaggingReplica.class)
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "payment"),
        scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestTokens.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = CounterpartsResource.class, scope = TestResourceScope.GLOBAL)
class PaymentReplicaTest {
    static final String REPLICA = "payment_replica";
    private static final Pattern READS = Pattern.compile("^moolah_replica_reads_total\\{([^}]*)} (\\S+)$", Pattern.MULTILINE);

    /** The replica database; every read probes it first, so one cut off is noticed at the next read. */
    public static class LaggingReplica implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("moolah.replica.recheck", "0s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ReplicaDatabaseResource.class, Map.of("database", REPLICA)));
        }
    }

    @Test
    void aPaymentJustCreatedIsReadFromThePrimary() {
        Customer alice = Customers.newCustomer();
        double fromReplica = reads("replica");
        double fromPrimary = reads("primary");
        var started = TopUpIdempotencyTest.startTopUp(alice, UUID.randomUUID().toString(), 4_200);
        assertEquals(201, started.statusCode(), started.body().asString());
        String paymentId = started.path("paymentId");

        given().auth().oauth2(alice.token()).get("/api/v1/payments/" + paymentId).then().statusCode(200)
                .body("paymentId", equalTo(paymentId)).body("type", equalTo("TOPUP")).body("status", equalTo("PENDING"))
                .body("amount", equalTo(4200)).body("currency", equalTo("ZAR")).body("provider", equalTo("PEACH"));
        given().auth().oauth2(alice.token()).get("/api/v1/payments").then().statusCode(200)
                .body("items.paymentId", equalTo(List.of(paymentId))).body("items[0].status", equalTo("PENDING"));
        assertEquals(fromPrimary + 2, reads("primary"));
        assertEquals(fromReplica, reads("replica"));
        // Someone else's, from the primary: as unknown.
        given().auth().oauth2(Customers.newCustomer().token()).get("/api/v1/payments/" + paymentId).then().statusCode(404)
                .body("code", equalTo("PAYMENT_NOT_FOUND"));
    }

    @Test
    void aStatusTheReplicaHasNotReplayedYetIsAnsweredAsTheReplicaHasIt() throws SQLException {
        Customer alice = Customers.newCustomer();
        UUID paymentId = succeededWhereTheReplicaStillHasItPending(alice);
        double fromReplica = reads("replica");
        double fromPrimary = reads("primary");

        given().auth().oauth2(alice.token()).get("/api/v1/payments/" + paymentId).then().statusCode(200)
                .body("paymentId", equalTo(paymentId.toString())).body("status", equalTo("PENDING")).body("amount", equalTo(7700));
        given().auth().oauth2(alice.token()).get("/api/v1/payments").then().statusCode(200)
                .body("items.paymentId", equalTo(List.of(paymentId.toString()))).body("items[0].status", equalTo("PENDING"));
        assertEquals(fromReplica + 2, reads("replica"));
        assertEquals(fromPrimary, reads("primary"));
        // Someone else's, from the replica: as unknown.
        given().auth().oauth2(Customers.newCustomer().token()).get("/api/v1/payments/" + paymentId).then().statusCode(404)
                .body("code", equalTo("PAYMENT_NOT_FOUND"));
        given().auth().oauth2(alice.token()).get("/api/v1/payments/" + UUID.randomUUID()).then().statusCode(404)
                .body("code", equalTo("PAYMENT_NOT_FOUND"));
        // An operator's read is the primary's.
        given().auth().oauth2(TestTokens.operator()).get("/api/v1/payments/" + paymentId).then().statusCode(200)
                .body("status", equalTo("SUCCEEDED"));
        assertEquals(fromReplica + 3, reads("replica"));
    }

    @Test
    void aQrPaymentTheReplicaHasPendingIsReadFromThePrimaryWhichMayHaveSettledIt() throws SQLException {
        Customer alice = Customers.newCustomer();
        UUID paymentId = UUID.randomUUID();
        try (Connection primary = ReplicaDatabaseResource.connect("payment")) {
            insertPayment(primary, paymentId, alice, "QR_PAYMENT", "SUCCEEDED");
        }
        try (Connection replica = ReplicaDatabaseResource.connect(REPLICA)) {
            insertPayment(replica, paymentId, alice, "QR_PAYMENT", "PENDING");
        }
        double fromReplica = reads("replica");
        double fromPrimary = reads("primary");

        given().auth().oauth2(alice.token()).get("/api/v1/payments/" + paymentId).then().statusCode(200)
                .body("type", equalTo("QR_PAYMENT")).body("status", equalTo("SUCCEEDED"));
        given().auth().oauth2(alice.token()).get("/api/v1/payments").then().statusCode(200)
                .body("items.paymentId", equalTo(List.of(paymentId.toString()))).body("items[0].status", equalTo("SUCCEEDED"));
        assertEquals(fromPrimary + 2, reads("primary"));
        assertEquals(fromReplica, reads("replica"));
    }

    @Test
    void whileTheReplicaCannotBeAskedThePrimaryAnswers() throws SQLException {
        Customer alice = Customers.newCustomer();
        UUID paymentId = succeededWhereTheReplicaStillHasItPending(alice);
        ReplicaDatabaseResource.cutOff(REPLICA);
        try {
            double fromReplica = reads("replica");
            double fromPrimary = reads("primary");
            given().auth().oauth2(alice.token()).get("/api/v1/payments/" + paymentId).then().statusCode(200)
                    .body("status", equalTo("SUCCEEDED"));
            given().auth().oauth2(alice.token()).get("/api/v1/payments").then().statusCode(200)
                    .body("items[0].status", equalTo("SUCCEEDED"));
            assertEquals(fromPrimary + 2, reads("primary"));
            assertEquals(fromReplica, reads("replica"));
        } finally {
            ReplicaDatabaseResource.restore(REPLICA);
        }
        // Back within reach, the replica answers again.
        given().auth().oauth2(alice.token()).get("/api/v1/payments/" + paymentId).then().statusCode(200)
                .body("status", equalTo("PENDING"));
    }

    /**
     * A top-up Peach confirmed (SUCCEEDED on the primary) whose settlement the replica has not replayed (PENDING); two
     * days old, so no reconciliation of today's payments by the other tests meets it.
     */
    private static UUID succeededWhereTheReplicaStillHasItPending(Customer customer) throws SQLException {
        UUID paymentId = UUID.randomUUID();
        try (Connection primary = ReplicaDatabaseResource.connect("payment")) {
            insertPayment(primary, paymentId, customer, "TOPUP", "SUCCEEDED");
        }
        try (Connection replica = ReplicaDatabaseResource.connect(REPLICA)) {
            insertPayment(replica, paymentId, customer, "TOPUP", "PENDING");
        }
        return paymentId;
    }

    private static void insertPayment(Connection database, UUID paymentId, Customer customer, String type, String status)
            throws SQLException {
        try (PreparedStatement insert = database.prepareStatement("insert into payment (id, type, status, wallet_id, "
                + "customer_id, amount, currency, provider, created_at, updated_at) "
                + "values (?, ?, ?, ?, ?, 7700, 'ZAR', ?, now() - interval '2 days', now() - interval '2 days')")) {
            insert.setObject(1, paymentId);
            insert.setString(2, type);
            insert.setString(3, status);
            insert.setObject(4, customer.walletId());
            insert.setObject(5, customer.customerId());
            insert.setString(6, "TOPUP".equals(type) ? "PEACH" : "ZAPPER");
            insert.executeUpdate();
        }
    }

    /** moolah_replica_reads_total{database="payment",source=...} as Prometheus scrapes it. */
    private static double reads(String source) {
        Matcher line = READS.matcher(given().get("/q/metrics").then().statusCode(200).extract().asString());
        while (line.find()) {
            if (line.group(1).contains("database=\"payment\"") && line.group(1).contains("source=\"" + source + "\"")) {
                return Double.parseDouble(line.group(2));
            }
        }
        return 0;
    }
}
