package io.moolah.transaction.repository;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

/**
 * Plain SQL on the current shard's read datasource (shard 0: {@code quarkus.datasource.read}): PostgreSQL's read replicas in production
 * (CloudNativePG's {@code -ro} service), the same database locally. Outside JTA, each statement in autocommit. Only
 * for reads that may lag the primary by the replication delay, such as history; balances stay on the primary.
 */
@ApplicationScoped
@Typed(ReplicaSql.class)
public class ReplicaSql extends Sql {

    @Override
    protected AgroalDataSource dataSource() {
        return shards.currentShard().replica();
    }
}
