package io.moolah.transaction.repository;

import io.agroal.api.AgroalDataSource;
import io.moolah.platform.db.ReplicaReads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Plain SQL for reads that may lag: on the current shard's replicas (shard 0: {@code quarkus.datasource.read};
 * CloudNativePG's read-only pooler in production, the same database locally) while they are within the staleness bound
 * ({@code moolah.replica.max-lag}), else on the primary ({@link ReplicaReads}). Each read is one read-only transaction on
 * one replica. {@link #read} also asks the primary when the replica's answer is not recent enough for the client
 * (its Min-Version). Writes, and reads inside a write (locks, limits), use {@link Sql}.
 */
@ApplicationScoped
@Typed(ReplicaSql.class)
public class ReplicaSql extends Sql {

    @Override
    protected AgroalDataSource dataSource() {
        return shards.currentShard().replica();
    }

    @Override
    public <T> T work(Work<T> work) {
        return read(connection -> Optional.of(work.run(connection)), found -> true).orElseThrow();
    }

    /**
     * One read on the replica when it is fresh enough and its answer is present and passes {@code recentEnough}; else the
     * same read on the primary, whose answer is final (empty: there is nothing).
     */
    public <T> Optional<T> read(Work<Optional<T>> work, Predicate<T> recentEnough) {
        try {
            return shards.currentShard().reads().read(work::run, recentEnough).value();
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }
}
