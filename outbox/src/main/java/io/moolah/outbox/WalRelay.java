package io.moolah.outbox;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.debezium.embedded.Connect;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.moolah.platform.messaging.KafkaSettings;
import io.moolah.platform.tracing.TraceParents;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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
 * Publishes the outbox from PostgreSQL's write-ahead log (ARCHITECTURE.md, "Events"): {@link EventOutbox} writes each
 * event with {@code pg_logical_emit_message} in the state change's own transaction (nothing is written to a table, so
 * nothing is marked or deleted afterwards), and this relay reads the committed messages through a logical replication
 * slot with Debezium's embedded engine and its PostgreSQL connector (pgoutput), in commit order, and sends them with
 * the idempotent producer.
 *
 * <ul>
 *   <li><b>The slot's position is the bookmark.</b> Debezium keeps no offsets of its own here (in memory only) and
 *       confirms a position to the slot only after the handler marked the records before it processed, which it does
 *       only once the broker acknowledged every one of them. After a restart of the relay, PostgreSQL or Kafka,
 *       streaming resumes at the slot's confirmed position: nothing is lost; what the broker took just before a crash
 *       may be sent again, and consumers deduplicate on the event id.</li>
 *   <li><b>One relay at a time per database</b>: a slot serves one connection. In another replica the engine fails to
 *       take the active slot and tries again after {@code retry-pause}: a standby that takes over when the active one
 *       goes.</li>
 *   <li><b>Order per aggregate</b>: messages arrive in commit order, a transaction's in the order written; the producer
 *       is idempotent with ordered retries, keyed by aggregate id.</li>
 * </ul>
 */
@ApplicationScoped
public class WalRelay {
    private static final Logger LOG = Logger.getLogger(WalRelay.class);

    @Inject
    KafkaSettings kafka;

    @Inject
    OutboxSettings settings;

    @Inject
    MeterRegistry meters;

    @Inject
    io.agroal.api.AgroalDataSource dataSource;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    /**
     * Where the replication connection goes when it cannot go where the datasource does: a logical replication stream
     * does not pass through PgBouncer, so in Kubernetes this names the primary itself ({@code moolah-postgres-rw}).
     */
    @ConfigProperty(name = "moolah.outbox.replication-url")
    java.util.Optional<String> replicationUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String username;

    @ConfigProperty(name = "quarkus.datasource.password", defaultValue = "")
    String password;

    private volatile boolean running;
    private volatile DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private KafkaProducer<String, String> producer;
    private Thread thread;
    private Counter published;
    /** From a batch's newest commit to the broker's acknowledgement of it: the relay's event latency, last batch. */
    private final AtomicLong lastLagMillis = new AtomicLong();

    void start(@Observes StartupEvent event) {
        if (!settings.relayEnabled() || settings.mode() != OutboxSettings.Mode.WAL) {
            return;
        }
        // The producer retries a record itself until it is delivered (the broker drops the copies it already has): a relay
        // that gave up and sent again would put a second copy on the topic after every broker outage.
        producer = OutboxProducer.create(kafka, settings, java.time.Duration.ofDays(1));
        published = meters.counter("moolah.outbox.published");
        meters.gauge("moolah.outbox.relay.lag.seconds", lastLagMillis, lag -> lag.get() / 1000.0);
        meters.gauge("moolah.outbox.slot.lag.bytes", this, WalRelay::slotLagBytes);
        running = true;
        thread = new Thread(this::run, "outbox-wal-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (!running) {
            return;
        }
        running = false;
        closeEngine();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(java.time.Duration.ofSeconds(5));
    }

    /** Runs the engine; when it stops (the slot is another replica's, the database or broker went away), again. */
    private void run() {
        while (running) {
            engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class)).using(engineProperties())
                    .notifying(this::publish)
                    .using((success, message, error) -> {
                        if (running && !success) {
                            LOG.warnf("outbox relay stopped, will start again in %s: %s%s", settings.retryPause(), message,
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
     * stops the engine unconfirmed, and the next engine reads them again from the slot.
     */
    void publish(List<RecordChangeEvent<SourceRecord>> records, DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
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
                sends.add(producer.send(out));
                newestCommit = Math.max(newestCommit, commitMillis(record));
            }
        }
        if (!sends.isEmpty()) {
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
        try (java.sql.Connection connection = dataSource.getConnection();
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
        return URI.create(replicationUrl.orElse(jdbcUrl).substring("jdbc:".length()));
    }

    /** One slot per database (slot names are per cluster, and every service's database is on it). */
    String slotName() {
        return "moolah_outbox_" + replicationUri().getPath().substring(1).replaceAll("[^A-Za-z0-9_]", "_").toLowerCase();
    }

    Properties engineProperties() {
        URI uri = replicationUri();
        String database = uri.getPath().substring(1);
        String name = slotName();
        Properties properties = new Properties();
        properties.setProperty("name", name);
        properties.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        // No offsets of the engine's own: the slot's confirmed position is the only bookmark.
        properties.setProperty("offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
        properties.setProperty("offset.flush.interval.ms", "0");
        properties.setProperty("database.hostname", uri.getHost());
        properties.setProperty("database.port", String.valueOf(uri.getPort() < 0 ? 5432 : uri.getPort()));
        properties.setProperty("database.user", username);
        properties.setProperty("database.password", password);
        properties.setProperty("database.dbname", database);
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
