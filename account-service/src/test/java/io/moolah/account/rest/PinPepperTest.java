package io.moolah.account.rest;

import io.moolah.localstack.OperatorCredentials;
import io.moolah.localstack.testing.SharedInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

import static io.moolah.account.rest.AccountApi.PIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PIN hashes mix in the server's pepper; a hash from before the pepper is upgraded at the next right PIN. */
@QuarkusTest
class PinPepperTest {

    @Test
    void newHashesArePepperedAndOldOnesAreUpgradedAtTheNextLogin() throws Exception {
        var customer = AccountApi.newCustomer();
        assertTrue(pinHash(customer.customerId()).contains(",k=1$"), "peppered: " + pinHash(customer.customerId()));

        // A hash made before the pepper (plain Argon2id of the PIN, the same cost): the PIN still works, once upgraded.
        String plain = new OperatorCredentials(UUID.randomUUID(), PIN, "AAAAAAAAAAAAAAAA").configLine().split(" ")[1];
        setPinHash(customer.customerId(), plain);
        AccountApi.login(customer.phone(), PIN).statusCode(200);
        assertTrue(pinHash(customer.customerId()).contains(",k=1$"), "upgraded at login");
        AccountApi.login(customer.phone(), PIN).statusCode(200);
        AccountApi.login(customer.phone(), "13579").statusCode(401);
    }

    private static Connection database() throws Exception {
        SharedInfrastructure servers = SharedInfrastructure.get();
        return DriverManager.getConnection(servers.jdbcUrl("account"), servers.postgresUser(), servers.postgresPassword());
    }

    private static String pinHash(String customerId) throws Exception {
        try (Connection connection = database();
             ResultSet row = connection.createStatement().executeQuery("select pin_hash from credential where customer_id = '" + customerId + "'")) {
            row.next();
            return row.getString(1);
        }
    }

    private static void setPinHash(String customerId, String hash) throws Exception {
        try (Connection connection = database();
             PreparedStatement update = connection.prepareStatement("update credential set pin_hash = ? where customer_id = ?::uuid")) {
            update.setString(1, hash);
            update.setString(2, customerId);
            assertEquals(1, update.executeUpdate());
        }
    }
}
