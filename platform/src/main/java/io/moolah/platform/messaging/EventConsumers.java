package io.moolah.platform.messaging;

import io.moolah.events.EventEnvelope;
import io.moolah.events.EventJson;
import io.moolah.events.MalformedEventException;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one Kafka consumer thread per {@link EventHandler} bean. Offsets are committed only after a record has been
 * handled (at-least-once delivery); handlers make redelivery harmless. A failure that passes (database or broker down:
 * {@link Failures#isTransient}) is retried without limit, backing off, so an outage delays events but never skips one;
 * only a failure that repeats is set aside ({@link EventHandler#park}) after {@code max-attempts}, and a park that
 * fails too is retried like the record itself, never ending the thread. A consumer thread that stops all the same is
 * restarted by a {@link Supervisor}; one that stays down fails liveness ({@link #dead}).
 */
@ApplicationScoped
public class EventConsumers {
    private static final Logger LOG = Logger.getLogger(EventConsumers.class);
    /** Polls bringing fewer records than this are followed by a linger. */
    private static final int LINGER_BELOW = 50;

    @Inject
    Instance<EventHandler> handlers;

    @Inject
    KafkaSettings settings;

    /** Each consumer's client metrics, consumer lag among them ({@code kafka_consumer_fetch_manager_records_lag_max}). */
    @Inject
    MeterRegistry registry;

    @Inject
    Tracer tracer;

    private final AtomicBoolean running = new AtomicBoolean();
    private final List<Slot> slots = new ArrayList<>();
    private Supervisor supervisor;
    private java.util.concurrent.ScheduledExecutorService supervision;

    void start(@Observes StartupEvent event) {
        running.set(true);
        for (EventHandler handler : handlers) {
            Slot slot = new Slot(handler);
            slots.add(slot);
            slot.restart();
            registry.more().counter("moolah.consumer.restarts", Tags.of("consumer", handler.consumerName()), slot,
                    ignored -> supervisor == null ? 0 : supervisor.restarts(slot.name()));
        }
        supervisor = new Supervisor(slots, System::currentTimeMillis);
        supervision = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "events-supervisor");
            thread.setDaemon(true);
            return thread;
        });
        supervision.scheduleWithFixedDelay(() -> {
            if (running.get()) {
                supervisor.check();
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        running.set(false);
        if (supervision != null) {
            supervision.shutdownNow();
        }
        slots.forEach(Slot::stop);
    }

    /** Consumers down for longer than {@code grace} although the supervisor keeps restarting them. */
    public List<String> dead(java.time.Duration grace) {
        return supervisor == null ? List.of() : supervisor.dead(grace);
    }

    /** One handler's place: the worker now running it, replaced by a new one when it stops. */
    private final class Slot implements Supervisor.Supervised {
        final EventHandler handler;
        volatile Worker worker;

        Slot(EventHandler handler) {
            this.handler = handler;
        }

        @Override
        public String name() {
            return handler.consumerName();
        }

        @Override
        public boolean isAlive() {
            Worker current = worker;
            return !running.get() || (current != null && current.thread.isAlive());
        }

        @Override
        public void restart() {
            Worker old = worker;
            if (old != null) {
                old.metrics.close();
            }
            Worker fresh = new Worker(handler);
            worker = fresh;
            fresh.thread.start();
        }

        void stop() {
            Worker current = worker;
            if (current == null) {
                return;
            }
            current.consumer.wakeup();
            current.metrics.close();
            try {
                current.thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private final class Worker implements Runnable {
        final EventHandler handler;
        final KafkaConsumer<String, byte[]> consumer;
        final Thread thread;
        final KafkaClientMetrics metrics;
        /** Events per batch given to {@link EventHandler#handleAll}. */
        final DistributionSummary batchSizes;
        /** From the producer's send (the record's timestamp) to the poll that brought it: what batching costs in latency. */
        final Timer eventAge;
        /** Records were handled since the last commit. */
        boolean uncommitted;
        final ConsumerSpans spans;

        Worker(EventHandler handler) {
            this.handler = handler;
            // A replica that dies without leaving the group holds its partitions until the session times out: 10 s
            // (Kafka's default is 45 s) so a killed pod's share of the events is picked up by the others quickly.
            java.util.Map<String, Object> config = new java.util.HashMap<>(Map.<String, Object>ofEntries(
                    Map.entry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers()),
                    Map.entry(ConsumerConfig.GROUP_ID_CONFIG, handler.consumerName()),
                    Map.entry(ConsumerConfig.CLIENT_ID_CONFIG, handler.consumerName() + "-" + ProcessHandle.current().pid()),
                    Map.entry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                    Map.entry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, handler.startFrom()),
                    Map.entry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                    Map.entry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200),
                    Map.entry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000),
                    Map.entry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000)));
            config.putAll(settings.securityProperties());
            this.consumer = new KafkaConsumer<>(config,
                    new StringDeserializer(), new ByteArrayDeserializer());
            this.metrics = new KafkaClientMetrics(consumer, Tags.of("consumer", handler.consumerName()));
            this.metrics.bindTo(registry);
            this.batchSizes = DistributionSummary.builder("moolah.consumer.batch.size")
                    .description("Events applied in one call by a consumer that handles them in batches")
                    .tag("consumer", handler.consumerName()).register(registry);
            this.eventAge = Timer.builder("moolah.consumer.event.age")
                    .description("Time from the producer's send of an event to the poll that delivered it")
                    .tag("consumer", handler.consumerName()).register(registry);
            this.spans = new ConsumerSpans(tracer, handler.consumerName());
            this.thread = new Thread(this, "events-" + handler.consumerName());
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            try (consumer) {
                consumer.subscribe(handler.topics(), new CommitBeforeRevocation());
                try {
                    consumeUntilStopped();
                } catch (WakeupException e) {
                    if (running.get()) {
                        LOG.error("consumer woken unexpectedly", e);
                        return;
                    }
                }
                commitHandled();
            } catch (RuntimeException | Error e) {
                // The supervisor starts a new consumer; what was handled and not committed is delivered again.
                LOG.errorf(e, "consumer %s stopped", handler.consumerName());
            }
        }

        private void consumeUntilStopped() {
            long lastCommit = System.nanoTime();
            while (running.get()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(settings.pollTimeout());
                recordAges(records);
                if (handler.handlesInBatches() && records.count() > 1) {
                    deliverAll(records);
                } else {
                    for (ConsumerRecord<String, byte[]> record : records) {
                        deliver(record);
                    }
                }
                uncommitted |= !records.isEmpty();
                if (!records.isEmpty() && records.count() < LINGER_BELOW && !settings.linger().isZero()) {
                    // A small batch: let the next records gather for a moment so the next poll brings many (fewer
                    // fetches and handler wake-ups per event). An idle consumer still waits in the broker's long poll.
                    sleep(settings.linger().toMillis());
                }
                // Offsets of handled records only, at most every commit-interval and without waiting for the
                // broker: a blocking commit per poll was a broker round trip per event at moderate rates. What a
                // crash leaves uncommitted is delivered again, and handlers make that harmless.
                if (uncommitted && System.nanoTime() - lastCommit >= settings.commitInterval().toNanos()) {
                    consumer.commitAsync();
                    lastCommit = System.nanoTime();
                    uncommitted = false;
                }
            }
        }

        private void recordAges(ConsumerRecords<String, byte[]> records) {
            long now = System.currentTimeMillis();
            for (ConsumerRecord<String, byte[]> record : records) {
                eventAge.record(Math.max(0, now - record.timestamp()), TimeUnit.MILLISECONDS);
            }
        }

        /** On the way out: what was handled is committed, so a restart does not deliver it again. */
        private void commitHandled() {
            if (!uncommitted) {
                return;
            }
            try {
                consumer.commitSync();
                uncommitted = false;
            } catch (RuntimeException e) {
                LOG.warnf("consumer %s could not commit on stopping (the records will be delivered again): %s",
                        handler.consumerName(), e.toString());
            }
        }

        /** Hands over cleanly on a rebalance: what was handled is committed before the partitions move. */
        private final class CommitBeforeRevocation implements ConsumerRebalanceListener {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                if (uncommitted) {
                    consumer.commitSync();
                    uncommitted = false;
                }
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            }
        }

        /**
         * One poll's records in one call: unreadable ones are parked on their own first; if the batch fails, each record
         * is delivered on its own (retries, dead letters), which the handlers' idempotency makes safe.
         */
        private void deliverAll(ConsumerRecords<String, byte[]> records) {
            List<ConsumerRecord<String, byte[]>> readable = new ArrayList<>(records.count());
            List<EventEnvelope> events = new ArrayList<>(records.count());
            for (ConsumerRecord<String, byte[]> record : records) {
                try {
                    events.add(EventJson.fromJson(record.value()));
                    readable.add(record);
                } catch (MalformedEventException e) {
                    parkUntilKept(record, e);
                }
            }
            if (events.isEmpty()) {
                return;
            }
            try (ConsumerSpans.Handling span = spans.processBatch(readable)) {
                try {
                    handler.handleAll(events);
                } catch (Exception e) {
                    span.failed(e);
                    throw e;
                }
                batchSizes.record(events.size());
            } catch (Exception e) {
                LOG.debugf("%s could not apply a batch of %d events (%s); one at a time instead", handler.consumerName(),
                        events.size(), e.toString());
                readable.forEach(this::deliver);
            }
        }

        private void deliver(ConsumerRecord<String, byte[]> record) {
            EventEnvelope event;
            try {
                event = EventJson.fromJson(record.value());
            } catch (MalformedEventException e) {
                parkUntilKept(record, e);
                return;
            }
            long backoff = settings.initialBackoff().toMillis();
            for (int attempt = 1; running.get(); attempt++) {
                try (ConsumerSpans.Handling span = spans.process(record)) {
                    try {
                        handler.handle(event);
                    } catch (Exception e) {
                        span.failed(e);
                        throw e;
                    }
                    return;
                } catch (Exception e) {
                    boolean passes = Failures.isTransient(e);
                    if (!passes && attempt >= settings.maxAttempts()) {
                        parkUntilKept(record, e);
                        return;
                    }
                    if (passes && attempt % 10 != 1) {
                        LOG.debugf("attempt %d at %s %s failed: %s", attempt, event.type(), event.eventId(), e.toString());
                    } else {
                        LOG.warnf("attempt %d at %s %s failed%s: %s", attempt, event.type(), event.eventId(),
                                passes ? " (retried until it passes)" : "", e.toString());
                    }
                    sleep(backoff);
                    backoff = Math.min(backoff * 2, settings.maxBackoff().toMillis());
                }
            }
            throw new WakeupException();
        }

        /**
         * Sets a record aside; when that fails too (the dead-letter table is in the same database, down as well), tries
         * again, backing off, without moving past the record: it is never skipped unrecorded.
         */
        private void parkUntilKept(ConsumerRecord<String, byte[]> record, Exception failure) {
            long backoff = settings.initialBackoff().toMillis();
            while (running.get()) {
                try {
                    handler.park(record.topic(), record.partition(), record.offset(), record.value(), failure);
                    return;
                } catch (RuntimeException e) {
                    LOG.errorf("%s could not set %s-%d@%d aside (%s); trying again", handler.consumerName(), record.topic(),
                            record.partition(), record.offset(), e.toString());
                    sleep(backoff);
                    backoff = Math.min(backoff * 2, settings.maxBackoff().toMillis());
                }
            }
            throw new WakeupException();
        }

        private void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WakeupException();
            }
        }
    }
}
