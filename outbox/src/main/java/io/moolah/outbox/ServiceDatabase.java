package io.moolah.outbox;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Optional;

/** The service's own datasource as its only outbox database: what every service but a sharded one has. */
@ApplicationScoped
@DefaultBean
public class ServiceDatabase implements OutboxDatabases {

    /** Enlisted in JTA: inside the caller's transaction this is the transaction's own connection. */
    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    /**
     * Where the replication connection goes when it cannot go where the datasource does: a logical replication stream
     * does not pass through PgBouncer, so in Kubernetes this names the primary itself ({@code moolah-postgres-rw}).
     */
    @ConfigProperty(name = "moolah.outbox.replication-url")
    Optional<String> replicationUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String username;

    @ConfigProperty(name = "quarkus.datasource.password", defaultValue = "")
    String password;

    private volatile List<Database> all;

    @Override
    public List<Database> all() {
        if (all == null) {
            all = List.of(new Database("default", dataSource, jdbcUrl, replicationUrl.orElse(jdbcUrl), username, password));
        }
        return all;
    }

    @Override
    public AgroalDataSource current() {
        return dataSource;
    }
}
