package io.moolah.outbox;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.debezium.embedded.Connect;
import io.micrometer.core.instrument.Counter;
import io.moolah.platform.tracing.TraceParents;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One database's part of the {@link WalRelay}: a Debezium engine on the database's replication slot, started again
 * whenever it stops while the relay runs, sending what it reads with the relay's producer.
 */
final class WalStream {
    private static final Logger LOG = Logger.getLogger(WalStream.class);

    private final OutboxDatabases.Database database;
    private final OutboxSettings settings;
    private final KafkaProducer<String, String> producer;
    private final Counter published;
    private final PublishRounds rounds;
    /** From a batch's newest commit to the broker's acknowledgement of it: the relay's event latency, last batch. */
    private final AtomicLong lastLagMillis = new AtomicLong();
    private volatile boolean running;
    private volatile DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private Thread thread;

    WalStream(OutboxDatabases.Database database, OutboxSettings settings, KafkaProducer<String, String> producer, Counter published,
            PublishRounds rounds) {
        this.database = database;
        this.settings = settings;
        this.producer = producer;
        this.published = published;
        this.rounds = rounds;
    }

    OutboxDatabases.Database database() {
        return database;
    }

    long lastLagMillis() {
        return lastLagMillis.get();
    }

    void start() {
        running = true;
        thread = new Thread(this::run, "outbox-wal-relay-" + database.name());
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        running = false;
        closeEngine();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs the engine; when it stops (the slot is another replica's, the database or broker went away), again. */
    private void run() {
        while (running) {
            engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class)).using(engineProperties())
                    .notifying(this::publish)
                    .using((success, message, error) -> {
                        if (running && !success) {
                            LOG.warnf("outbox relay (%s) stopped, will start again in %s: %s%s", database.name(), settings.retryPause(), message,
                                    error == null ? "" : " (" + error + ")");
                        }
                    }).build();
            try {
                engine.run();
            } catch (RuntimeException e) {
                LOG.warnf("outbox relay engine failed: %s", e.toString());
            }
            closeEngine();
            if (running) {
                try {
                    Thread.sleep(settings.retryPause().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void closeEngine() {
        DebeziumEngine<RecordChangeEvent<SourceRecord>> current = engine;
        if (current != null) {
            try {
                current.close();
            } catch (IOException | RuntimeException e) {
                // Already stopped (the engine shuts itself down when its task fails): nothing left to close.
                LOG.debugf("closing the outbox relay's engine: %s", e);
            }
        }
    }

    /**
     * Sends a batch of committed messages and marks them processed once the broker acknowledged all; throwing instead
     * stops the engine unconfirmed, and the next engine reads them again from the slot. The records go out with the
     * other databases' batches of the same {@link PublishRounds round}: the producer holds them until the round closes
     * and this stream flushes.
     */
    void publish(List<RecordChangeEvent<SourceRecord>> records, DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        List<ProducerRecord<String, String>> outgoing = new ArrayList<>(records.size());
        long newestCommit = 0;
        for (RecordChangeEvent<SourceRecord> change : records) {
            SourceRecord record = change.record();
            OutboxMessage message = messageOf(record);
            if (message != null) {
                ProducerRecord<String, String> out = new ProducerRecord<>(message.topic(), message.aggregateId(), message.envelope());
                out.headers().add("eventId", message.eventId().getBytes(StandardCharsets.UTF_8));
                out.headers().add("eventType", message.eventType().getBytes(StandardCharsets.UTF_8));
                if (!message.traceParent().isEmpty()) {
                    out.headers().add(TraceParents.HEADER, message.traceParent().getBytes(StandardCharsets.US_ASCII));
                }
                outgoing.add(out);
                newestCommit = Math.max(newestCommit, commitMillis(record));
            }
        }
        // Stops at a record refused at once: the engine stops here, nothing is marked, and the next engine reads it again.
        List<Future<RecordMetadata>> sends = OutboxProducer.sendInOrder(producer, outgoing);
        if (sends.size() < outgoing.size()) {
            awaitAcknowledgement(sends.get(sends.size() - 1));
            throw new IllegalStateException("the relay stopped sending at an event the producer refused");
        }
        if (!sends.isEmpty()) {
            rounds.join(database.name());
            producer.flush();
            for (Future<RecordMetadata> send : sends) {
                awaitAcknowledgement(send);
            }
            published.increment(sends.size());
            lastLagMillis.set(Math.max(0, System.currentTimeMillis() - newestCommit));
        }
        for (RecordChangeEvent<SourceRecord> record : records) {
            committer.markProcessed(record);
        }
        committer.markBatchFinished();
    }

    /**
     * Write-ahead log the slot keeps because the relay has not confirmed it yet: near zero while events flow (and idle,
     * thanks to heartbeats); growing while the broker or the relay is away. Asked of PostgreSQL at each scrape.
     */
    double slotLagBytes() {
        try (java.sql.Connection connection = database.dataSource().getConnection();
             java.sql.PreparedStatement query = connection.prepareStatement("select coalesce(max(pg_wal_lsn_diff("
                     + "pg_current_wal_lsn(), confirmed_flush_lsn)), 0) from pg_replication_slots where slot_name = ?")) {
            query.setString(1, slotName());
            try (java.sql.ResultSet row = query.executeQuery()) {
                return row.next() ? row.getDouble(1) : 0;
            }
        } catch (java.sql.SQLException e) {
            return Double.NaN;
        }
    }

    /**
     * Waits for the broker to acknowledge a record, however long the producer's own retries take (a broker outage),
     * until the relay stops. A record the producer gives up on (an error it does not retry) stops the engine; the
     * next one reads it again from the slot.
     */
    private void awaitAcknowledgement(Future<RecordMetadata> send) throws InterruptedException {
        long waitedMillis = 0;
        while (true) {
            try {
                send.get(1, TimeUnit.SECONDS);
                return;
            } catch (java.util.concurrent.TimeoutException e) {
                if (!running) {
                    throw new InterruptedException("the relay is stopping with events not yet acknowledged");
                }
                waitedMillis += 1000;
                if (waitedMillis % 30_000 == 0) {
                    LOG.warnf("outbox relay: the broker has not acknowledged events for %d s; still trying", waitedMillis / 1000);
                }
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("the broker refused an outbox event: " + e.getCause(), e);
            }
        }
    }

    /** The outbox event a record carries, or null for anything else (a heartbeat, another prefix). */
    static OutboxMessage messageOf(SourceRecord record) {
        if (!(record.value() instanceof Struct value) || value.schema().field("op") == null || !"m".equals(value.getString("op"))) {
            return null;
        }
        Struct message = value.getStruct("message");
        if (message == null || !OutboxMessage.PREFIX.equals(message.getString("prefix"))) {
            return null;
        }
        Object content = message.get("content");
        byte[] bytes;
        if (content instanceof java.nio.ByteBuffer buffer) {
            bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
        } else {
            bytes = (byte[]) content;
        }
        return OutboxMessage.decode(new String(bytes, StandardCharsets.UTF_8));
    }

    private static long commitMillis(SourceRecord record) {
        Object source = ((Struct) record.value()).get("source");
        return source instanceof Struct struct && struct.get("ts_ms") instanceof Long millis ? millis : System.currentTimeMillis();
    }

    private URI replicationUri() {
        return URI.create(database.replicationUrl().substring("jdbc:".length()));
    }

    /** One slot per database (slot names are per cluster, and every service's database is on it). */
    String slotName() {
        return "moolah_outbox_" + replicationUri().getPath().substring(1).replaceAll("[^A-Za-z0-9_]", "_").toLowerCase();
    }

    Properties engineProperties() {
        URI uri = replicationUri();
        String databaseName = uri.getPath().substring(1);
        String name = slotName();
        Properties properties = new Properties();
        properties.setProperty("name", name);
        properties.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        // No offsets of the engine's own: the slot's confirmed position is the only bookmark.
        properties.setProperty("offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
        properties.setProperty("offset.flush.interval.ms", "0");
        properties.setProperty("database.hostname", uri.getHost());
        properties.setProperty("database.port", String.valueOf(uri.getPort() < 0 ? 5432 : uri.getPort()));
        properties.setProperty("database.user", database.username());
        properties.setProperty("database.password", database.password() == null ? "" : database.password());
        properties.setProperty("database.dbname", databaseName);
        properties.setProperty("topic.prefix", name);
        properties.setProperty("plugin.name", "pgoutput");
        properties.setProperty("slot.name", name);
        // A failover slot (PostgreSQL 17): synchronised to the standbys, so the bookmark survives a failover.
        properties.setProperty("slot.failover", "true");
        properties.setProperty("publication.name", "moolah_outbox");
        properties.setProperty("publication.autocreate.mode", "disabled");
        properties.setProperty("snapshot.mode", "no_data");
        properties.setProperty("schema.include.list", "moolah_outbox_none");
        properties.setProperty("message.prefix.include.list", OutboxMessage.PREFIX.replace(".", "\\."));
        // How long the engine sleeps between looks at an empty stream: the latency added when events are sparse.
        properties.setProperty("poll.interval.ms", String.valueOf(Math.max(1, settings.walPollInterval().toMillis())));
        properties.setProperty("max.batch.size", String.valueOf(settings.batchSize()));
        // Idle, the slot's position still moves on (or PostgreSQL would keep every WAL segment for it).
        properties.setProperty("heartbeat.interval.ms", "10000");
        properties.setProperty("errors.max.retries", "0");
        return properties;
    }
}
