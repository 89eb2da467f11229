package io.moolah.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "moolah.outbox")
public interface OutboxSettings {

    /** How events get from the state change's transaction to Kafka. */
    enum Mode {
        /**
         * Written into the write-ahead log ({@code pg_logical_emit_message}) and read back through a logical replication
         * slot by {@link WalRelay}: needs {@code wal_level=logical} and a role allowed to replicate.
         */
        WAL,
        /** Rows in {@code outbox_event}, polled and marked published by {@link OutboxRelay}: for a database without logical replication. */
        TABLE
    }

    @WithDefault("WAL")
    Mode mode();

    /** Longest wait between relay passes when no commit wakes it earlier. */
    @WithDefault("500ms")
    Duration pollInterval();

    /**
     * How long a woken relay waits before its pass, so events committed meanwhile share it (the added event latency).
     * 0 publishes each commit's events at once.
     */
    @WithDefault("5ms")
    Duration linger();

    /**
     * How long the WAL relay's engine sleeps when it finds nothing to read (Debezium's {@code poll.interval.ms}): the
     * event latency it may add when events are sparse, and what an idle relay costs. Measured on an idle platform
     * (30 s, one service): 5 ms cost 0.20 cores, 25 ms 0.075, 100 ms 0.04 (the table relay: 0.02). Under load the
     * stream is never empty and this does not apply.
     */
    @WithDefault("25ms")
    Duration walPollInterval();

    /**
     * How long a batch one of a sharded service's relay streams read waits for the other databases' streams to publish
     * with it ({@link PublishRounds}): the event latency added when another shard's stream had nothing this time. A
     * little over {@link #walPollInterval()}, so a stream that polled empty is caught at its next poll. 0: each stream
     * publishes alone. A service with one database never waits.
     */
    @WithDefault("30ms")
    Duration walRoundWindow();

    /** Pause after a pass that could not publish (broker down), before the next try. */
    @WithDefault("2s")
    Duration retryPause();

    /** Rows published per pass. */
    @WithDefault("200")
    int batchSize();

    /** Time allowed for one batch to be acknowledged by the broker. */
    @WithDefault("15s")
    Duration sendTimeout();

    /**
     * The relay's Kafka producer, tuned by measurement (KafkaBenchmark; docs/benchmarks.md, "KafkaBenchmark"): how long
     * it gathers records into one batch per partition, the most bytes a batch holds, and its compression.
     */
    Producer producer();

    interface Producer {
        /**
         * Matters only to the table relay: the WAL relay flushes at the end of each round ({@link PublishRounds}),
         * which sends at once whatever the linger, and holds its records until then.
         */
        @WithDefault("2ms")
        Duration linger();

        @WithDefault("16384")
        int batchSize();

        /**
         * none, lz4, zstd, gzip or snappy. zstd by measurement: the ledger's events took 212 bytes each on the wire
         * and on disk instead of 693 (lz4: 361), with the broker's CPU per event unchanged and the clients' within the
         * benchmark's noise.
         */
        @WithDefault("zstd")
        String compression();
    }

    /** Set false to run a service without publishing (its outbox fills and waits). */
    @WithDefault("true")
    boolean relayEnabled();

    /**
     * How long a published outbox row is kept (not money: the event is on its topic). Published in docs/api.md.
     */
    @WithDefault("7d")
    Duration publishedRetention();

    /**
     * How long a consumer remembers an event it applied. Longer than the topics keep events (14 days), so no
     * redelivery can outlive the memory of having applied it.
     */
    @WithDefault("30d")
    Duration processedRetention();
}
