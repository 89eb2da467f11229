package io.moolah.transaction.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

@ConfigMapping(prefix = "moolah.ledger")
public interface LedgerSettings {

    /** Currencies the ledger holds accounts in. */
    @WithDefault("ZAR")
    Set<String> currencies();

    /** Largest single movement, minor units (R10,000,000.00). */
    @WithDefault("1000000000")
    long maxAmount();

    /** Where "today" and "this month" for send limits begin. */
    @WithDefault("Africa/Johannesburg")
    ZoneId limitsZone();

    /** Longest a hold may be placed for. */
    @WithDefault("7d")
    Duration maxHoldDuration();

    /** How often expired holds are released. */
    @WithDefault("5s")
    Duration holdExpiryInterval();

    /** Adjustments moving more than this many minor units (either way) wait for a second operator's approval. */
    @WithDefault("1000000")
    long adjustmentApprovalAbove();

    /** The batching writer of transfers (TransferWriter). */
    Batch batch();

    /** Ledger shards beyond the service's own database, shard 0 (docs/sharding.md). */
    Shards shards();

    interface Shards {
        /** JDBC URLs of shards 1, 2, ... in order (their primaries, through the rw pooler); none: one shard. */
        Optional<List<String>> urls();

        /** Their replicas (the ro pooler), in the same order; by default the primaries. */
        Optional<List<String>> readUrls();

        /** Their primaries themselves, for the outbox relay's replication slot (not through PgBouncer); by default the urls. */
        Optional<List<String>> replicationUrls();

        /** Which shards take new customers' wallets (numbers); by default all. */
        Optional<List<Integer>> openForNew();

        /** Connections per further shard's primary pool (shard 0's is quarkus.datasource.jdbc.max-size). */
        @WithDefault("32")
        int poolSize();

        /** Connections per further shard's replica pool. */
        @WithDefault("16")
        int readPoolSize();
    }

    interface Batch {
        /** Most transfers posted in one database transaction. */
        @WithDefault("500")
        int maxSize();

        /**
         * Longest a writer waits for more transfers after the first one it took; 0 takes what has gathered and goes
         * (batches then grow under load by themselves, while the previous batch commits).
         */
        @WithDefault("0ms")
        Duration linger();

        /** Writer threads: batches posted at once by this instance. */
        @WithDefault("2")
        int writers();

        /** Transfers waiting at most; more are answered 503 LEDGER_BUSY at once. */
        @WithDefault("10000")
        int queueCapacity();

        /** Longest a stopping instance spends posting what is queued. */
        @WithDefault("10s")
        Duration drainTimeout();
    }
}
