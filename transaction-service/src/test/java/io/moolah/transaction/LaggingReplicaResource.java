package io.moolah.transaction;

import io.moolah.localstack.testing.ReplicaDatabaseResource;
import io.moolah.localstack.testing.SharedInfrastructure;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Shard 1's replicas as a database of their own ({@code transaction_s1_replica}, the ledger's schema, migrated as the
 * service migrates a shard): a replica that has replayed only what a test writes into it, so that reads served by the
 * replica are told from reads served by the primary. Real replication would fill it; the tests fill it by hand with an
 * older state of the rows they read (with triggers off, as a logical replica applies changes).
 */
public class LaggingReplicaResource implements QuarkusTestResourceLifecycleManager {
    public static final String REPLICA = "transaction_s1_replica";

    @Override
    public Map<String, String> start() {
        SharedInfrastructure infrastructure = SharedInfrastructure.get();
        infrastructure.createDatabase(LedgerShardsResource.SHARD_1);
        ReplicaDatabaseResource.create(REPLICA);
        return Map.of("moolah.ledger.shards.urls", infrastructure.jdbcUrl(LedgerShardsResource.SHARD_1),
                "moolah.ledger.shards.read-urls", infrastructure.jdbcUrl(REPLICA),
                "moolah.ledger.shards.replication-urls", infrastructure.jdbcUrl(LedgerShardsResource.SHARD_1),
                "moolah.replica.recheck", "PT0.05S");
    }

    @Override
    public void stop() {
        // The database stays on the shared server for the test JVM's life (a test may have dropped it already).
    }
}
