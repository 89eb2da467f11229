package io.moolah.transaction;

import io.moolah.localstack.testing.SharedInfrastructure;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * A second ledger shard for every test of this module ({@code transaction_s1} on the shared PostgreSQL), so that the
 * tests run on two shards as ./moolah up does (docs/sharding.md).
 */
public class LedgerShardsResource implements QuarkusTestResourceLifecycleManager {
    /** The second shard's database. */
    public static final String SHARD_1 = "transaction_s1";

    @Override
    public Map<String, String> start() {
        SharedInfrastructure infrastructure = SharedInfrastructure.get();
        infrastructure.createDatabase(SHARD_1);
        return Map.of("moolah.ledger.shards.urls", infrastructure.jdbcUrl(SHARD_1));
    }

    @Override
    public void stop() {
        // Shared for the whole test JVM; SharedInfrastructure stops it at exit.
    }
}
