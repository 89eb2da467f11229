package io.moolah.localstack.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A second database in the tests' PostgreSQL that stands for a read replica which has not replayed the latest writes:
 * the service's own migrations give it the primary's schema, and a test writes into it the older state it wants the
 * replica to have. It becomes {@code quarkus.datasource.read}. Init arg {@code database} names it. (The ledger's tests
 * make one for a shard's replicas with {@link #create}.)
 */
public class ReplicaDatabaseResource implements QuarkusTestResourceLifecycleManager {
    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.get("database");
    }

    @Override
    public Map<String, String> start() {
        SharedInfrastructure infrastructure = SharedInfrastructure.get();
        String url = create(database);
        return Map.of("quarkus.datasource.read.jdbc.url", url,
                "quarkus.datasource.read.username", infrastructure.postgresUser(),
                "quarkus.datasource.read.password", infrastructure.postgresPassword());
    }

    @Override
    public void stop() {
    }

    /**
     * Creates the database (if it is not there) with the service's schema: its own migrations ({@code db/migration} and
     * the outbox's {@code db/outbox} on the test's class path). Returns its JDBC URL.
     */
    public static String create(String database) {
        SharedInfrastructure infrastructure = SharedInfrastructure.get();
        infrastructure.createDatabase(database);
        String url = infrastructure.jdbcUrl(database);
        Flyway.configure(Thread.currentThread().getContextClassLoader())
                .dataSource(url, infrastructure.postgresUser(), infrastructure.postgresPassword())
                .locations("classpath:db/migration", "classpath:db/outbox").outOfOrder(true).load().migrate();
        return url;
    }

    /** A connection to the replica database, to write the state it should answer with. */
    public static Connection connect(String database) throws SQLException {
        SharedInfrastructure infrastructure = SharedInfrastructure.get();
        return DriverManager.getConnection(infrastructure.jdbcUrl(database), infrastructure.postgresUser(),
                infrastructure.postgresPassword());
    }

    /** No one can connect to the replica any more, and the connections the service holds are cut: it cannot be asked. */
    public static void cutOff(String database) throws SQLException {
        admin("alter database " + database + " allow_connections false",
                "select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + database + "'");
    }

    public static void restore(String database) throws SQLException {
        admin("alter database " + database + " allow_connections true");
    }

    private static void admin(String... statements) throws SQLException {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
