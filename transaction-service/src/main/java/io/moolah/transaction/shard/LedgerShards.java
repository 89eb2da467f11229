package io.moolah.transaction.shard;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ConnectionValidator;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.exceptionsorter.PostgreSQLExceptionSorter;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.agroal.narayana.NarayanaTransactionIntegration;
import io.micrometer.core.instrument.MeterRegistry;
import io.moolah.outbox.OutboxDatabases;
import io.moolah.platform.db.ReplicaReads;
import io.moolah.platform.db.ReplicaSettings;
import io.quarkus.agroal.runtime.AgroalOpenTelemetryWrapper;
import io.moolah.transaction.config.LedgerSettings;
import io.quarkus.agroal.DataSource;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every shard of the ledger (docs/sharding.md): shard 0 is the service's own datasource ({@code quarkus.datasource}
 * and its {@code read} replicas), shards 1..N-1 come from {@code moolah.ledger.shards.*}. At start each further shard
 * gets a JTA-enlisted pool for its primary, a pool for its replicas, and the same migrations as shard 0 (Flyway with
 * the service's own configuration). It is the outbox's list of databases too: one relay stream per shard, and events
 * and processed-event records written on the shard of the current unit of work ({@link ShardScope}).
 */
@ApplicationScoped
@Startup
public class LedgerShards implements OutboxDatabases {
    private static final Logger LOG = Logger.getLogger(LedgerShards.class);

    @Inject
    AgroalDataSource ownPrimary;

    @Inject
    @DataSource("read")
    AgroalDataSource ownReplica;

    @Inject
    Flyway ownMigrations;

    @Inject
    LedgerSettings settings;

    @Inject
    TransactionManager transactionManager;

    @Inject
    TransactionSynchronizationRegistry synchronizations;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String ownUrl;

    @ConfigProperty(name = "moolah.outbox.replication-url")
    Optional<String> ownReplicationUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String username;

    @ConfigProperty(name = "quarkus.datasource.password", defaultValue = "")
    String password;

    /** How far behind its primary a replica may be and still answer reads that may lag (docs/sharding.md). */
    @Inject
    ReplicaSettings replicaSettings;

    @Inject
    MeterRegistry registry;

    /** Shard 0's pools are traced when this is on; the shards' own pools are wrapped the same way, so every shard's SQL is in the trace. */
    @ConfigProperty(name = "quarkus.datasource.jdbc.telemetry", defaultValue = "false")
    boolean traced;

    private List<Shard> shards;
    private List<Database> databases;
    private AgroalDataSource directoryPool;
    private final List<AgroalDataSource> opened = new ArrayList<>();

    @PostConstruct
    void open() {
        LedgerSettings.Shards config = settings.shards();
        List<String> urls = config.urls().orElse(List.of());
        List<String> readUrls = config.readUrls().orElse(urls);
        List<String> replicationUrls = config.replicationUrls().orElse(urls);
        if (readUrls.size() != urls.size() || replicationUrls.size() != urls.size()) {
            throw new IllegalStateException("moolah.ledger.shards: urls, read-urls and replication-urls must name the same "
                    + "number of shards (" + urls.size() + ", " + readUrls.size() + ", " + replicationUrls.size() + ")");
        }
        List<Shard> all = new ArrayList<>();
        all.add(new Shard(0, ownPrimary, ownReplica, ownUrl, ownReplicationUrl.orElse(ownUrl), replicaReads(0, ownPrimary, ownReplica)));
        try {
            for (int i = 0; i < urls.size(); i++) {
                AgroalDataSource primary = pool(urls.get(i), config.poolSize(), true);
                AgroalDataSource replica = pool(readUrls.get(i), config.readPoolSize(), false);
                Shard shard = new Shard(i + 1, primary, replica, urls.get(i), replicationUrls.get(i), replicaReads(i + 1, primary, replica));
                migrate(shard);
                all.add(shard);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        shards = List.copyOf(all);
        directoryPool = pool(ownUrl, 4, false);
        databases = shards.stream().map(shard -> new Database(shard.name(), shard.primary(), shard.jdbcUrl(),
                shard.replicationUrl(), username, password)).toList();
        if (shards.size() > 1) {
            LOG.infof("the ledger runs on %d shards", shards.size());
        }
    }

    @PreDestroy
    void close() {
        opened.forEach(AgroalDataSource::close);
        opened.clear();
    }

    /**
     * Shard 0's primary outside JTA: the directory reads it from inside a transaction on another shard, where an
     * enlisted connection to shard 0 would make it a two-database transaction.
     */
    public AgroalDataSource directoryPool() {
        return directoryPool;
    }

    /** Every shard, by number (index = number). */
    public List<Shard> shards() {
        return shards;
    }

    public Shard shard(int number) {
        if (number < 0 || number >= shards.size()) {
            throw new IllegalArgumentException("no ledger shard " + number + " (there are " + shards.size() + ")");
        }
        return shards.get(number);
    }

    public int count() {
        return shards.size();
    }

    /** The shard of the current unit of work: the one {@link ShardScope} names, else shard 0. */
    public Shard currentShard() {
        Shard current = ShardScope.current();
        return current == null ? shards.get(0) : current;
    }

    @Override
    public List<Database> all() {
        return databases;
    }

    @Override
    public AgroalDataSource current() {
        return currentShard().primary();
    }

    private ReplicaReads replicaReads(int number, AgroalDataSource primary, AgroalDataSource replica) {
        return new ReplicaReads(primary, replica, replicaSettings.maxLag(), replicaSettings.recheck(), registry,
                "transaction-shard-" + number);
    }

    private AgroalDataSource pool(String url, int size, boolean transactional) {
        AgroalDataSourceConfigurationSupplier configuration = new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> {
                    pool.minSize(0).maxSize(size).acquisitionTimeout(Duration.ofSeconds(5))
                            .validationTimeout(Duration.ofMinutes(2)).reapTimeout(Duration.ofMinutes(5))
                            .connectionValidator(ConnectionValidator.defaultValidator())
                            .exceptionSorter(new PostgreSQLExceptionSorter());
                    if (transactional) {
                        pool.transactionIntegration(new NarayanaTransactionIntegration(transactionManager, synchronizations));
                    }
                    return pool.connectionFactoryConfiguration(factory -> factory.jdbcUrl(url)
                            .connectionProviderClassName("org.postgresql.Driver").autoCommit(true)
                            .principal(new NamePrincipal(username)).credential(new SimplePassword(password)));
                });
        try {
            AgroalDataSource dataSource = AgroalDataSource.from(configuration);
            opened.add(dataSource);
            return traced ? new AgroalOpenTelemetryWrapper().apply(dataSource) : dataSource;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open a pool to ledger shard " + url, e);
        }
    }

    /** The same migrations as shard 0, with the service's own Flyway configuration (locations, out-of-order). */
    private void migrate(Shard shard) {
        var result = Flyway.configure().configuration(ownMigrations.getConfiguration()).dataSource(shard.primary()).load().migrate();
        LOG.infof("ledger %s migrated: %d migration(s) applied, schema at %s", shard.name(), result.migrationsExecuted,
                result.targetSchemaVersion);
    }
}
