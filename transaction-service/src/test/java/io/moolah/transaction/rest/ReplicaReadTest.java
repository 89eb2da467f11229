package io.moolah.transaction.rest;

import io.micrometer.core.instrument.MeterRegistry;
import io.moolah.localstack.testing.SharedInfrastructure;
import io.moolah.localstack.testing.TestTokens;
import io.moolah.transaction.LaggingReplicaResource;
import io.moolah.transaction.LedgerShardsResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.moolah.transaction.rest.Ledger.fund;
import static io.moolah.transaction.rest.Ledger.newCustomerOnShard;
import static io.moolah.transaction.rest.Ledger.send;
import static io.moolah.transaction.rest.Ledger.transfer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Balances and history from the shard's read replicas, with Min-Version honoured (docs/sharding.md "Read replicas"):
 * shard 1's replicas are a database the test fills by hand ({@link LaggingReplicaResource}), so each answer shows where
 * it was read.
 */
@QuarkusTest
@TestProfile(ReplicaReadTest.LaggingReplica.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicaReadTest {

    public static class LaggingReplica implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(LaggingReplicaResource.class));
        }
    }

    @Inject
    MeterRegistry registry;

    @Test
    @Order(1)
    void aWalletTheReplicaHasNotSeenIsReadFromThePrimary() {
        var alice = newCustomerOnShard(1);
        fund(alice, 5_000);
        double primaryBefore = reads("primary");

        balance(alice, null).statusCode(200).body("ledgerBalance", equalTo(5_000)).body("version", equalTo(1));
        history(alice, null).statusCode(200).body("items.size()", equalTo(1)).body("items[0].amount", equalTo(5_000));
        assertEquals(primaryBefore + 2, reads("primary"), "both reads went to the primary: the replica has no such wallet");
    }

    @Test
    @Order(2)
    void theReplicaAnswersUntilTheClientNeedsANewerVersion() throws Exception {
        var alice = newCustomerOnShard(1);
        var bob = newCustomerOnShard(1);
        fund(alice, 10_000);
        replay(alice.walletId());                       // the replica has seen the top-up (version 1), nothing after
        long sentVersion = ((Number) transfer(alice, send(alice, bob, 2_500), UUID.randomUUID().toString()).statusCode(201)
                .extract().path("version")).longValue();
        assertEquals(2, sentVersion);

        double replicaBefore = reads("replica");
        // Nothing asked: the replica's balance, a version behind (within the staleness bound).
        balance(alice, null).statusCode(200).body("ledgerBalance", equalTo(10_000)).body("version", equalTo(1));
        // The client's own write: never older than its version, so the primary answers.
        balance(alice, "2").statusCode(200).body("ledgerBalance", equalTo(7_500)).body("availableBalance", equalTo(7_500))
                .body("version", equalTo(2));
        balance(alice, "1").statusCode(200).body("version", equalTo(1));
        assertEquals(replicaBefore + 2, reads("replica"), "the replica answered the two reads it could");

        // History: the replica has the account at version 1 and none of its postings (they were not copied).
        history(alice, null).statusCode(200).body("items.size()", equalTo(0));
        history(alice, "2").statusCode(200).body("items.size()", equalTo(2)).body("items[0].amount", equalTo(2_500))
                .body("items[0].direction", equalTo("DEBIT")).body("items[1].amount", equalTo(10_000));
        // A version the wallet never had: the primary's answer, as it stands (the cache-service answers 412).
        balance(alice, "99").statusCode(200).body("version", equalTo(2));
    }

    @Test
    @Order(3)
    void someoneElsesWalletIsNotFoundWhereverItIsRead() throws Exception {
        var alice = newCustomerOnShard(1);
        var mallory = newCustomerOnShard(1);
        fund(alice, 1_000);
        replay(alice.walletId());
        given().auth().oauth2(mallory.token()).get("/api/v1/wallets/" + alice.walletId() + "/balance").then()
                .statusCode(404).body("code", equalTo("WALLET_NOT_FOUND"));
        given().auth().oauth2(mallory.token()).header("Min-Version", "5").get("/api/v1/wallets/" + alice.walletId() + "/transactions")
                .then().statusCode(404).body("code", equalTo("WALLET_NOT_FOUND"));
        given().auth().oauth2(TestTokens.operator()).get("/api/v1/wallets/" + alice.walletId() + "/balance").then()
                .statusCode(200).body("ledgerBalance", equalTo(1_000));
    }

    @Test
    @Order(4)
    void aMinVersionThatIsNotAWholeNumberIsRefused() {
        var alice = newCustomerOnShard(1);
        for (String bad : new String[]{"-1", "x", "1.5", "99999999999999999999"}) {
            balance(alice, bad).statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
            history(alice, bad).statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        }
    }

    @Test
    @Order(5)
    void aReplicaThatCannotBeAskedLeavesEveryReadToThePrimary() throws Exception {
        var alice = newCustomerOnShard(1);
        fund(alice, 3_000);
        replay(alice.walletId());
        transfer(alice, send(alice, newCustomerOnShard(1), 1_000), UUID.randomUUID().toString()).statusCode(201);
        balance(alice, null).statusCode(200).body("ledgerBalance", equalTo(3_000));   // the replica, a version behind

        admin("drop database " + LaggingReplicaResource.REPLICA + " with (force)");
        double primaryBefore = reads("primary");
        for (int i = 0; i < 5; i++) {
            balance(alice, null).statusCode(200).body("ledgerBalance", equalTo(2_000));
            history(alice, null).statusCode(200).body("items.size()", equalTo(2));
        }
        assertEquals(primaryBefore + 10, reads("primary"));
        assertTrue(Double.isInfinite(registry.get("moolah_replica_lag_seconds").tag("database", "transaction-shard-1").gauge().value()),
                "the lag gauge says the replica could not be asked");
    }

    private static ValidatableResponse balance(Ledger.Customer who, String minVersion) {
        var request = given().auth().oauth2(who.token());
        if (minVersion != null) {
            request.header("Min-Version", minVersion);
        }
        return request.get("/api/v1/wallets/" + who.walletId() + "/balance").then();
    }

    private static ValidatableResponse history(Ledger.Customer who, String minVersion) {
        var request = given().auth().oauth2(who.token());
        if (minVersion != null) {
            request.header("Min-Version", minVersion);
        }
        return request.get("/api/v1/wallets/" + who.walletId() + "/transactions").then();
    }

    private double reads(String source) {
        return registry.get("moolah_replica_reads_total").tag("database", "transaction-shard-1").tag("source", source).counter().count();
    }

    /** The replica replays the wallet's projection and its ledger account as they stand now on the primary. */
    private static void replay(UUID walletId) throws Exception {
        SharedInfrastructure servers = SharedInfrastructure.get();
        try (Connection primary = DriverManager.getConnection(servers.jdbcUrl(LedgerShardsResource.SHARD_1), servers.postgresUser(), servers.postgresPassword());
             Connection replica = DriverManager.getConnection(servers.jdbcUrl(LaggingReplicaResource.REPLICA), servers.postgresUser(), servers.postgresPassword())) {
            replica.createStatement().execute("set session_replication_role = replica");
            copy(primary, replica, "wallet", walletId);
            copy(primary, replica, "ledger_account", walletId);
        }
    }

    private static void copy(Connection from, Connection to, String table, UUID walletId) throws Exception {
        try (var select = from.prepareStatement("select * from " + table + " where wallet_id = ?")) {
            select.setObject(1, walletId);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next(), table + " has the wallet");
                int columns = row.getMetaData().getColumnCount();
                List<String> names = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    names.add(row.getMetaData().getColumnName(i));
                }
                String sql = "insert into " + table + " (" + String.join(", ", names) + ") values ("
                        + String.join(", ", names.stream().map(name -> "?").toList()) + ")";
                try (var insert = to.prepareStatement(sql)) {
                    for (int i = 1; i <= columns; i++) {
                        insert.setObject(i, row.getObject(i));
                    }
                    insert.executeUpdate();
                }
            }
        }
    }

    private static void admin(String sql) throws Exception {
        SharedInfrastructure servers = SharedInfrastructure.get();
        try (Connection connection = DriverManager.getConnection(servers.jdbcUrl("postgres"), servers.postgresUser(), servers.postgresPassword())) {
            connection.createStatement().execute(sql);
        }
    }
}
