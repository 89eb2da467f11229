package io.moolah.localstack.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** A real PostgreSQL for a service's {@code @QuarkusTest}; init arg {@code database} names the service's database. */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {
    private String database = "test";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        SharedInfrastructure infrastructure = SharedInfrastructure.get();
        infrastructure.createDatabase(database);
        return Map.of(
                "quarkus.datasource.jdbc.url", infrastructure.jdbcUrl(database),
                "quarkus.datasource.username", infrastructure.postgresUser(),
                "quarkus.datasource.password", infrastructure.postgresPassword());
    }

    @Override
    public void stop() {
        // Shared for the whole test JVM; SharedInfrastructure stops it at exit.
    }
}
