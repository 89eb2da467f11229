package io.moolah.platform.web;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatabaseOutageTest {

    @Test
    void connectionFailuresAnywhereInTheCausesAreOutages() {
        assertTrue(DatabaseOutage.explains(new IllegalStateException("x", new SQLException("I/O error", "08006"))));
        assertTrue(DatabaseOutage.explains(new RuntimeException(new SQLException("terminating connection due to administrator command", "57P01"))));
        assertTrue(DatabaseOutage.explains(new RuntimeException(new SQLTransientConnectionException("gone"))));
        assertTrue(DatabaseOutage.explains(new SQLException("Acquisition timeout while waiting for new connection")));
        // Every pooled connection busy for the whole acquisition timeout (Agroal's words), wrapped as Hibernate does.
        assertTrue(DatabaseOutage.explains(new RuntimeException("Unable to acquire JDBC Connection [Sorry, acquisition timeout!]",
                new SQLException("Sorry, acquisition timeout!"))));
    }

    @Test
    void otherDatabaseErrorsAreNot() {
        assertFalse(DatabaseOutage.explains(new RuntimeException(new SQLException("duplicate key", "23505"))));
        assertFalse(DatabaseOutage.explains(new SQLException("syntax error", "42601")));
        assertFalse(DatabaseOutage.explains(new IllegalStateException("a bug")));
    }
}
