package io.moolah.account.rest;

import io.moolah.localstack.testing.ReplicaDatabaseResource;
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

import static io.moolah.account.rest.AccountApi.newCustomer;
import static io.moolah.account.rest.AccountApi.operatorToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * GET /me reads a replica within the staleness bound: here a second database standing for a replica that has not
 * replayed the latest writes, so the answer shows which of the two gave it.
 */
@QuarkusTest
@TestProfile(ProfileReplicaTest.LaggingReplica.class)
class ProfileReplicaTest {
    static final String REPLICA = "account_replica";
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
    void aCustomerJustRegisteredIsReadFromThePrimaryInTheSameShapeAsAnOperatorSeesIt() {
        double fromReplica = reads("replica");
        double fromPrimary = reads("primary");
        var customer = newCustomer();

        Map<String, Object> me = given().auth().oauth2(customer.accessToken()).get("/api/v1/me").then().statusCode(200)
                .body("customerId", equalTo(customer.customerId())).body("phoneNumber", equalTo(customer.phone()))
                .body("kycTier", equalTo(0)).body("wallets", hasSize(1))
                .body("wallets[0].walletId", equalTo(customer.walletId())).body("wallets[0].status", equalTo("ACTIVE"))
                .extract().jsonPath().getMap("");
        assertEquals(fromPrimary + 1, reads("primary"));
        assertEquals(fromReplica, reads("replica"));
        Map<String, Object> seenByOperator = given().auth().oauth2(operatorToken()).queryParam("phoneNumber", customer.phone())
                .get("/api/v1/admin/customers").then().statusCode(200).extract().jsonPath().getMap("items[0]");
        assertEquals(seenByOperator, me);
    }

    @Test
    void aProfileTheReplicaHasIsAnsweredAsTheReplicaHasIt() throws SQLException {
        var customer = tierTwoAndFrozen();
        replicaHasTierZeroAndActive(customer);
        double fromReplica = reads("replica");
        double fromPrimary = reads("primary");

        given().auth().oauth2(customer.accessToken()).get("/api/v1/me").then().statusCode(200)
                .body("customerId", equalTo(customer.customerId())).body("kycTier", equalTo(0))
                .body("limits.dailySend", equalTo(100000)).body("wallets[0].status", equalTo("ACTIVE"));
        assertEquals(fromReplica + 1, reads("replica"));
        assertEquals(fromPrimary, reads("primary"));
        // An operator's read is the primary's.
        given().auth().oauth2(operatorToken()).queryParam("phoneNumber", customer.phone()).get("/api/v1/admin/customers")
                .then().statusCode(200).body("items[0].kycTier", equalTo(2)).body("items[0].wallets[0].status", equalTo("FROZEN"));
    }

    @Test
    void whileTheReplicaCannotBeAskedThePrimaryAnswers() throws SQLException {
        var customer = tierTwoAndFrozen();
        replicaHasTierZeroAndActive(customer);
        ReplicaDatabaseResource.cutOff(REPLICA);
        try {
            double fromReplica = reads("replica");
            double fromPrimary = reads("primary");
            given().auth().oauth2(customer.accessToken()).get("/api/v1/me").then().statusCode(200)
                    .body("kycTier", equalTo(2)).body("limits.dailySend", equalTo(2500000))
                    .body("wallets[0].status", equalTo("FROZEN"));
            assertEquals(fromPrimary + 1, reads("primary"));
            assertEquals(fromReplica, reads("replica"));
        } finally {
            ReplicaDatabaseResource.restore(REPLICA);
        }
        // Back within reach, the replica answers again.
        given().auth().oauth2(customer.accessToken()).get("/api/v1/me").then().statusCode(200).body("kycTier", equalTo(0));
    }

    /** A new customer an operator has moved to tier 2 and whose wallet they froze (on the primary). */
    private static AccountApi.Customer tierTwoAndFrozen() {
        var customer = newCustomer();
        given().auth().oauth2(operatorToken()).contentType("application/json").body(Map.of("tier", 2))
                .post("/api/v1/admin/customers/" + customer.customerId() + "/kyc").then().statusCode(200);
        given().auth().oauth2(operatorToken()).contentType("application/json").body(Map.of("reason", "test"))
                .post("/api/v1/admin/wallets/" + customer.walletId() + "/freeze").then().statusCode(200);
        return customer;
    }

    /** The replica has replayed the registration, not the operator's changes. */
    private static void replicaHasTierZeroAndActive(AccountApi.Customer customer) throws SQLException {
        try (Connection replica = ReplicaDatabaseResource.connect(REPLICA);
             PreparedStatement addCustomer = replica.prepareStatement("insert into customer (id, phone_number, full_name, "
                     + "kyc_tier, role) values (?, ?, 'Thandi Nkosi', 0, 'CUSTOMER')");
             PreparedStatement addWallet = replica.prepareStatement(
                     "insert into wallet (id, customer_id, currency, status) values (?, ?, 'ZAR', 'ACTIVE')")) {
            addCustomer.setObject(1, UUID.fromString(customer.customerId()));
            addCustomer.setString(2, customer.phone());
            addCustomer.executeUpdate();
            addWallet.setObject(1, UUID.fromString(customer.walletId()));
            addWallet.setObject(2, UUID.fromString(customer.customerId()));
            addWallet.executeUpdate();
        }
    }

    /** moolah_replica_reads_total{database="account",source=...} as Prometheus scrapes it. */
    private static double reads(String source) {
        Matcher line = READS.matcher(given().get("/q/metrics").then().statusCode(200).extract().asString());
        while (line.find()) {
            if (line.group(1).contains("database=\"account\"") && line.group(1).contains("source=\"" + source + "\"")) {
                return Double.parseDouble(line.group(2));
            }
        }
        return 0;
    }
}
