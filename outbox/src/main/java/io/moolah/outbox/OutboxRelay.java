package io.moolah.outbox;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.moolah.platform.messaging.KafkaSettings;
import io.moolah.platform.tracing.TraceParents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes outbox rows to Kafka in commit order and marks them published.
 *
 * <ul>
 *   <li>One relay at a time per database: a transaction-scoped advisory lock, so replicas never interleave and each
 *       aggregate's events keep their order.</li>
 *   <li>The producer is idempotent ({@code acks=all}), so its own retries never duplicate a record.</li>
 *   <li>A row is marked published only after the broker acknowledged it, and rows are marked in order up to the first
 *       failure. While the broker is down nothing is acknowledged and nothing is marked: the rows wait.</li>
 *   <li>If the broker acknowledged a record but the mark was lost (a crash in between), the row is sent again:
 *       delivery is at least once and consumers deduplicate on the event id.</li>
 * </ul>
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Arbitrary but fixed: the advisory lock that makes one relay per database active at a time. */
    private static final long RELAY_LOCK = 0x6d6f6f6c6168L;

    /** Enlisted in JTA: inside the pass's transaction every call gets the transaction's one connection. */
    @Inject
    AgroalDataSource dataSource;

    @Inject
    KafkaSettings kafka;

    @Inject
    OutboxSettings settings;

    @Inject
    MeterRegistry meters;

    private final Semaphore wakeUps = new Semaphore(0);
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong backlog = new AtomicLong();
    private KafkaProducer<String, String> producer;
    private Thread thread;

    void start(@Observes StartupEvent event) {
        if (!settings.relayEnabled() || settings.mode() != OutboxSettings.Mode.TABLE) {
            return;
        }
        producer = OutboxProducer.create(kafka, settings, settings.sendTimeout());
        meters.gauge("moolah.outbox.backlog", backlog);
        running.set(true);
        thread = new Thread(this::loop, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (!running.getAndSet(false)) {
            return;
        }
        wake();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(java.time.Duration.ofSeconds(5));
    }

    /** Asks for a pass soon; called after a commit that wrote events. */
    public void wake() {
        wakeUps.release();
    }

    /** Rows not yet published, as of the last pass. */
    public long backlog() {
        return backlog.get();
    }

    private void loop() {
        while (running.get()) {
            Pass pass;
            try {
                pass = QuarkusTransaction.requiringNew().timeout(60).call(this::publishBatch);
            } catch (Exception e) {
                LOG.warnf("outbox relay pass failed, will retry: %s", e.toString());
                pass = Pass.FAILED;
            }
            switch (pass) {
                case MORE -> {
                }
                case IDLE -> {
                    pause(settings.pollInterval().toMillis());
                    linger();
                }
                case FAILED -> pause(settings.retryPause().toMillis());
            }
        }
    }

    private enum Pass { IDLE, MORE, FAILED }

    /**
     * Sends one batch and marks what the broker acknowledged; the marks commit even when a later send failed. Plain JDBC
     * on the transaction's connection, three round trips a pass (take the relay lock and read the batch; mark; commit):
     * the relay runs hundreds of passes a second under load, and an ORM session per pass was a fifth of its CPU.
     */
    private Pass publishBatch() throws SQLException {
        List<Pending> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            boolean locked = false;
            try (PreparedStatement select = connection.prepareStatement("""
                    with relay as (select pg_try_advisory_xact_lock(?) as locked)
                    select relay.locked, e.seq, e.event_id, e.topic, e.aggregate_id, e.event_type, e.envelope, e.trace_parent
                    from relay left join lateral (
                        select seq, event_id, topic, aggregate_id, event_type, envelope, trace_parent from outbox_event
                        where relay.locked and published_at is null order by seq limit ?) e on true""")) {
                select.setLong(1, RELAY_LOCK);
                select.setInt(2, settings.batchSize());
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        locked = result.getBoolean(1);
                        if (result.getObject(2) != null) {
                            rows.add(new Pending(result.getLong(2), result.getString(3), result.getString(4),
                                    result.getString(5), result.getString(6), result.getString(7), result.getString(8)));
                        }
                    }
                }
            }
            if (!locked) {
                return Pass.IDLE;
            }
            if (rows.isEmpty()) {
                backlog.set(0);
                return Pass.IDLE;
            }
            List<ProducerRecord<String, String>> outgoing = new ArrayList<>(rows.size());
            for (Pending row : rows) {
                var record = new ProducerRecord<String, String>(row.topic(), row.aggregateId(), row.envelope());
                record.headers().add("eventId", row.eventId().getBytes(StandardCharsets.UTF_8));
                record.headers().add("eventType", row.eventType().getBytes(StandardCharsets.UTF_8));
                if (row.traceParent() != null && !row.traceParent().isEmpty()) {
                    record.headers().add(TraceParents.HEADER, row.traceParent().getBytes(StandardCharsets.US_ASCII));
                }
                outgoing.add(record);
            }
            // Stops at a record refused at once: the rows from there on wait for the next pass, in order.
            List<Future<RecordMetadata>> sends = OutboxProducer.sendInOrder(producer, outgoing);
            producer.flush();
            List<Long> acknowledged = new ArrayList<>(rows.size());
            String failure = null;
            for (int i = 0; i < sends.size(); i++) {
                try {
                    sends.get(i).get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
                    acknowledged.add(rows.get(i).seq());
                } catch (Exception e) {
                    failure = "broker did not acknowledge event " + rows.get(i).eventId() + ": " + e;
                    break;
                }
            }
            if (!acknowledged.isEmpty()) {
                try (PreparedStatement mark = connection.prepareStatement(
                        "update outbox_event set published_at = now() where seq = any(?)")) {
                    mark.setArray(1, connection.createArrayOf("bigint", acknowledged.toArray()));
                    mark.executeUpdate();
                }
            }
            if (rows.size() < settings.batchSize()) {
                // The pass saw everything that was waiting: the backlog is what the broker did not take.
                backlog.set(rows.size() - acknowledged.size());
            } else {
                try (PreparedStatement count = connection.prepareStatement(
                        "select count(*) from outbox_event where published_at is null");
                     ResultSet result = count.executeQuery()) {
                    result.next();
                    backlog.set(result.getLong(1));
                }
            }
            if (failure != null) {
                LOG.warnf("outbox relay will retry: %s", failure);
                return Pass.FAILED;
            }
            return rows.size() == settings.batchSize() ? Pass.MORE : Pass.IDLE;
        }
    }

    private record Pending(long seq, String eventId, String topic, String aggregateId, String eventType, String envelope,
                           String traceParent) {
    }

    /**
     * After a wake-up, waits a moment so the commits arriving meanwhile go out in the same pass: under load a pass
     * then carries many events instead of one or two (fewer broker round trips and relay transactions per event), at
     * the cost of that much event latency.
     */
    private void linger() {
        long millis = settings.linger().toMillis();
        if (millis <= 0 || !running.get()) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    private void pause(long millis) {
        try {
            wakeUps.tryAcquire(millis, TimeUnit.MILLISECONDS);
            wakeUps.drainPermits();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }
}
