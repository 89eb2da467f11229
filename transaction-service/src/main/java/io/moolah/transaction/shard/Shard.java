package io.moolah.transaction.shard;

import io.agroal.api.AgroalDataSource;
import io.moolah.platform.db.ReplicaReads;

/**
 * One ledger shard (docs/sharding.md): a PostgreSQL database with the whole ledger schema, owning the money of the
 * wallets assigned to it.
 *
 * @param number         0 for the service's own database, then 1, 2, ... in the order configured
 * @param primary        its primary's pool, enlisted in JTA (a transaction uses one shard only)
 * @param replica        its replicas' pool, outside JTA, for reads that may lag
 * @param jdbcUrl        where the primary pool connects
 * @param replicationUrl where the outbox relay's replication connection goes (the primary itself)
 * @param reads          reads that may lag: the replicas while they are within the staleness bound, else the primary
 */
public record Shard(int number, AgroalDataSource primary, AgroalDataSource replica, String jdbcUrl, String replicationUrl,
                    ReplicaReads reads) {

    /** How logs, metrics and the relay's thread name it. */
    public String name() {
        return "shard-" + number;
    }

    @Override
    public String toString() {
        return name();
    }
}
