package io.moolah.localstack;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The PostgreSQL of local runs and tests commits durably, as production does: an acknowledged write is on disk. */
class LocalPostgresTest {

    @Test
    void commitsAreSynchronousAndFlushed() throws Exception {
        LocalPostgres postgres = LocalPostgres.start(Ports.free(), null, List.of("durability"));
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("durability"), "postgres", "postgres")) {
            assertEquals("on", setting(connection, "synchronous_commit"));
            assertEquals("on", setting(connection, "fsync"));
            assertEquals("on", setting(connection, "full_page_writes"));
        } finally {
            postgres.close();
        }
    }

    private static String setting(Connection connection, String name) throws Exception {
        try (ResultSet row = connection.createStatement().executeQuery("show " + name)) {
            row.next();
            return row.getString(1);
        }
    }
}
