package io.moolah.platform.messaging;

import io.moolah.events.EventEnvelope;
import io.moolah.events.EventJson;
import io.moolah.events.MalformedEventException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
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
 * handled (at-least-once delivery); handlers make redelivery harmless.
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

    private final AtomicBoolean running = new AtomicBoolean();
    private final List<Worker> workers = new ArrayList<>();

    void start(@Observes StartupEvent event) {
        running.set(true);
        for (EventHandler handler : handlers) {
            Worker worker = new Worker(handler);
            workers.add(worker);
            worker.thread.start();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        running.set(false);
        workers.forEach(worker -> worker.consumer.wakeup());
        for (Worker worker : workers) {
            worker.metrics.close();
            try {
                worker.thread.join(TimeUnit.SECONDS.toMillis(10));
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
        /** Records were handled since the last commit. */
        boolean uncommitted;

        Worker(EventHandler handler) {
            this.handler = handler;
            // A replica that dies without leaving the group holds its partitions until the session times out: 10 s
            // (Kafka's default is 45 s) so a killed pod's share of the events is picked up by the others quickly.
            this.consumer = new KafkaConsumer<>(Map.<String, Object>ofEntries(
                    Map.entry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers()),
                    Map.entry(ConsumerConfig.GROUP_ID_CONFIG, handler.consumerName()),
                    Map.entry(ConsumerConfig.CLIENT_ID_CONFIG, handler.consumerName() + "-" + ProcessHandle.current().pid()),
                    Map.entry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                    Map.entry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, handler.startFrom()),
                    Map.entry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                    Map.entry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200),
                    Map.entry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000),
                    Map.entry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000)),
                    new StringDeserializer(), new ByteArrayDeserializer());
            this.metrics = new KafkaClientMetrics(consumer, Tags.of("consumer", handler.consumerName()));
            this.metrics.bindTo(registry);
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
            } catch (RuntimeException e) {
                LOG.errorf(e, "consumer %s stopped", handler.consumerName());
            }
        }

        private void consumeUntilStopped() {
            long lastCommit = System.nanoTime();
            while (running.get()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(settings.pollTimeout());
                for (ConsumerRecord<String, byte[]> record : records) {
                    deliver(record);
                }
                uncommitted |= !records.isEmpty();
                if (!records.isEmpty() && records.count() < LINGER_BELOW) {
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

        private void deliver(ConsumerRecord<String, byte[]> record) {
            EventEnvelope event;
            try {
                event = EventJson.fromJson(record.value());
            } catch (MalformedEventException e) {
                handler.park(record.topic(), record.partition(), record.offset(), record.value(), e);
                return;
            }
            long backoff = settings.initialBackoff().toMillis();
            for (int attempt = 1; running.get(); attempt++) {
                try {
                    handler.handle(event);
                    return;
                } catch (Exception e) {
                    if (attempt >= settings.maxAttempts()) {
                        handler.park(record.topic(), record.partition(), record.offset(), record.value(), e);
                        return;
                    }
                    LOG.warnf("attempt %d at %s %s failed: %s", attempt, event.type(), event.eventId(), e.toString());
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
