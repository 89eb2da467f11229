package io.moolah.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.moolah.platform.messaging.KafkaSettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.util.ArrayList;
import java.util.List;

/**
 * Publishes the outbox from PostgreSQL's write-ahead log (ARCHITECTURE.md, "Events"): {@link EventOutbox} writes each
 * event with {@code pg_logical_emit_message} in the state change's own transaction (nothing is written to a table, so
 * nothing is marked or deleted afterwards), and this relay reads the committed messages through a logical replication
 * slot with Debezium's embedded engine and its PostgreSQL connector (pgoutput), in commit order, and sends them with
 * the idempotent producer. A service with several databases (the ledger's shards, {@link OutboxDatabases}) has one
 * stream and one slot per database ({@link WalStream}), all sending with one producer, their batches gathered into one
 * request per {@link PublishRounds round}.
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

    @Inject
    KafkaSettings kafka;

    @Inject
    OutboxSettings settings;

    @Inject
    MeterRegistry meters;

    /** One stream per database (a sharded service has several, each with its own slot). */
    @Inject
    OutboxDatabases databases;

    private volatile boolean running;
    private KafkaProducer<String, String> producer;
    private final List<WalStream> streams = new ArrayList<>();

    void start(@Observes StartupEvent event) {
        if (!settings.relayEnabled() || settings.mode() != OutboxSettings.Mode.WAL) {
            return;
        }
        // The producer retries a record itself until it is delivered (the broker drops the copies it already has): a relay
        // that gave up and sent again would put a second copy on the topic after every broker outage.
        // It holds the records until a stream flushes at the end of its round (PublishRounds), so its linger is longer
        // than a round can take.
        producer = OutboxProducer.create(kafka, settings, settings.walRoundWindow().plusSeconds(1), java.time.Duration.ofDays(1));
        Counter published = meters.counter("moolah.outbox.published");
        Counter sent = meters.counter("moolah.outbox.publish.rounds");
        PublishRounds rounds = new PublishRounds(settings.walRoundWindow(), sent::increment);
        for (OutboxDatabases.Database database : databases.all()) {
            WalStream stream = new WalStream(database, settings, producer, published, rounds);
            Tags tags = Tags.of("database", database.name());
            meters.gauge("moolah.outbox.relay.lag.seconds", tags, stream, each -> each.lastLagMillis() / 1000.0);
            meters.gauge("moolah.outbox.slot.lag.bytes", tags, stream, WalStream::slotLagBytes);
            streams.add(stream);
        }
        running = true;
        streams.forEach(WalStream::start);
    }

    void stop(@Observes ShutdownEvent event) {
        if (!running) {
            return;
        }
        running = false;
        streams.forEach(WalStream::stop);
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
