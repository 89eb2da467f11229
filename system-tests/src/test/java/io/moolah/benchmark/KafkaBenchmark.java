package io.moolah.benchmark;

import io.moolah.localstack.LocalKafka;
import io.moolah.localstack.Ports;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Kafka settings of the relays' producer and the services' consumers, measured side by side: events flow from a
 * producer shaped like the WAL relay (a batch of events read from the log, sent, then {@code flush()}ed and awaited)
 * to a consumer shaped like {@code EventConsumers} (poll; after a poll of fewer than 50 records, a short linger), at a
 * fixed rate like the ledger's at about 1,000 transfers a second (3 events each), through the platform's own local
 * broker. Each setting runs in slices alternating with the others, so a slow moment of the shared machine falls on
 * all. Printed per setting: end-to-end latency (send to poll), CPU per event of the broker and of this JVM (producer
 * and consumer), bytes the producer sent per event, and records per fetch.
 *
 * <p>Run on purpose: {@code mvn -pl system-tests verify -Pbenchmark -Dbenchmark.test=KafkaBenchmark}.
 */
@Tag("benchmark")
class KafkaBenchmark {
    private static final int RATE = Integer.getInteger("benchmark.kafka.events-per-second", 3000);
    private static final int RELAY_BATCH = Integer.getInteger("benchmark.kafka.relay-batch", 30);
    private static final Duration SLICE = Duration.ofSeconds(Long.getLong("benchmark.measure.seconds", 8));
    private static final int SLICES = Integer.getInteger("benchmark.slices", 4);
    private static final int WALLETS = 200;

    /** A setting: the producer's linger and compression, the consumer's pause after a small poll and its fetch.min.bytes. */
    record Setting(String name, int lingerMs, String compression, int consumerLingerMs, int fetchMinBytes) {
    }

    private static final List<Setting> SETTINGS = List.of(
            new Setting("current: linger 2 ms, no compression, consumer linger 5 ms", 2, "none", 5, 1),
            new Setting("producer lz4", 2, "lz4", 5, 1),
            new Setting("producer zstd", 2, "zstd", 5, 1),
            new Setting("consumer linger 0", 2, "none", 0, 1),
            new Setting("consumer fetch.min.bytes 16 KiB (wait <= 5 ms) instead of linger", 2, "none", 0, 16384));

    @Test
    void producerAndConsumerSettingsSideBySide() throws Exception {
        LocalKafka kafka = LocalKafka.start(Ports.free(), null);
        try {
            List<String> topics = new ArrayList<>();
            for (int i = 0; i < SETTINGS.size(); i++) {
                topics.add("bench.events." + i);
            }
            kafka.createTopics(topics, 3);
            System.out.println("\n== Kafka benchmark: " + RATE + " events/s (~" + event().length() + " bytes each, " + WALLETS
                    + " keys), relay batches of " + RELAY_BATCH + " sent then flushed, " + SLICES + " slices of "
                    + SLICE.toSeconds() + " s per setting, alternating; 3 partitions, one local broker ==");
            Map<Setting, Figures> figures = new HashMap<>();
            for (int i = 0; i < SETTINGS.size(); i++) {
                // Warm-up: each setting's clients and the broker's code paths, not measured.
                runSlice(kafka, SETTINGS.get(i), topics.get(i), Duration.ofSeconds(4), new Figures());
            }
            for (int slice = 0; slice < SLICES; slice++) {
                for (int i = 0; i < SETTINGS.size(); i++) {
                    runSlice(kafka, SETTINGS.get(i), topics.get(i), SLICE, figures.computeIfAbsent(SETTINGS.get(i), s -> new Figures()));
                }
            }
            for (Setting setting : SETTINGS) {
                System.out.println(figures.get(setting).line(setting.name()));
            }
            System.out.println();
        } finally {
            kafka.close();
        }
    }

    /** What one setting's slices added up to. */
    private static final class Figures {
        long events;
        long producerBytes;
        long fetches;
        final Map<String, Long> ticks = new HashMap<>();
        final List<long[]> latencies = new ArrayList<>();

        String line(String name) {
            long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            long kafkaTicks = ticks.getOrDefault("kafka", 0L);
            long clientTicks = ticks.getOrDefault("load client", 0L);
            return String.format("%-70s %8d events  latency p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms%n"
                            + "   CPU per 1,000 events: broker %.1f ms, producer+consumer %.1f ms; %.0f bytes sent per event; %.1f events per poll",
                    name, events, quantile(all, 0.50), quantile(all, 0.99), quantile(all, 1.0),
                    kafkaTicks * 10.0 * 1000 / Math.max(1, events), clientTicks * 10.0 * 1000 / Math.max(1, events),
                    producerBytes / (double) Math.max(1, events), events / (double) Math.max(1, fetches));
        }

        private static double quantile(long[] sorted, double q) {
            if (sorted.length == 0) {
                return 0;
            }
            return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))] / 1e6;
        }
    }

    private static void runSlice(LocalKafka kafka, Setting setting, String topic, Duration length, Figures figures) throws Exception {
        String group = "bench-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = producer(kafka, setting);
             KafkaConsumer<String, byte[]> consumer = consumer(kafka, setting, group)) {
            consumer.subscribe(List.of(topic));
            // Join the group and reach the end of the topic before sending, so every measured event is read.
            long joinDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.assignment().isEmpty() && System.nanoTime() < joinDeadline) {
                consumer.poll(Duration.ofMillis(100));
            }
            consumer.seekToEnd(consumer.assignment());
            consumer.assignment().forEach(consumer::position);

            long total = RATE * length.toSeconds();
            long[] latencies = new long[(int) total];
            AtomicLong received = new AtomicLong();
            AtomicLong polls = new AtomicLong();
            AtomicBoolean sending = new AtomicBoolean(true);
            Thread reader = new Thread(() -> read(consumer, setting, latencies, received, polls, total, sending), "bench-consumer");

            ProcessCpu.Snapshot before = ProcessCpu.take();
            double bytesBefore = metric(producer, "outgoing-byte-total");
            reader.start();
            send(producer, topic, total);
            sending.set(false);
            reader.join(Duration.ofSeconds(60).toMillis());
            ProcessCpu.add(figures.ticks, before, ProcessCpu.take());
            figures.producerBytes += (long) (metric(producer, "outgoing-byte-total") - bytesBefore);
            figures.events += received.get();
            figures.fetches += polls.get();
            figures.latencies.add(Arrays.copyOf(latencies, (int) Math.min(received.get(), latencies.length)));
        }
    }

    /** At the fixed rate, in relay-sized batches: send each, flush, wait for every acknowledgement. Bounded by count. */
    private static void send(KafkaProducer<String, String> producer, String topic, long total) throws Exception {
        long started = System.nanoTime();
        long intervalNanos = 1_000_000_000L * RELAY_BATCH / RATE;
        for (long sent = 0; sent < total; ) {
            long due = started + (sent / RELAY_BATCH) * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            List<java.util.concurrent.Future<?>> sends = new ArrayList<>(RELAY_BATCH);
            for (int i = 0; i < RELAY_BATCH && sent < total; i++, sent++) {
                String key = "wallet-" + ThreadLocalRandom.current().nextInt(WALLETS);
                ProducerRecord<String, String> record = new ProducerRecord<>(topic, null, System.currentTimeMillis(), key, event());
                record.headers().add("sentNanos", Long.toString(System.nanoTime()).getBytes());
                sends.add(producer.send(record));
            }
            producer.flush();
            for (var send : sends) {
                send.get();
            }
        }
    }

    private static void read(KafkaConsumer<String, byte[]> consumer, Setting setting, long[] latencies, AtomicLong received,
                             AtomicLong polls, long total, AtomicBoolean sending) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        int index = 0;
        while (index < total && System.nanoTime() < deadline) {
            ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
            long now = System.nanoTime();
            if (!records.isEmpty()) {
                polls.incrementAndGet();
            }
            for (ConsumerRecord<String, byte[]> record : records) {
                if (index < latencies.length) {
                    latencies[index++] = now - Long.parseLong(new String(record.headers().lastHeader("sentNanos").value()));
                }
            }
            received.set(index);
            if (!records.isEmpty() && records.count() < 50 && setting.consumerLingerMs() > 0) {
                try {
                    Thread.sleep(setting.consumerLingerMs());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (!sending.get() && records.isEmpty() && index >= total) {
                return;
            }
        }
    }

    private static KafkaProducer<String, String> producer(LocalKafka kafka, Setting setting) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, setting.lingerMs());
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, setting.compression());
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, byte[]> consumer(LocalKafka kafka, Setting setting, String group) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, setting.fetchMinBytes());
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, setting.fetchMinBytes() > 1 ? 5 : 500);
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static double metric(KafkaProducer<String, String> producer, String name) {
        for (Map.Entry<org.apache.kafka.common.MetricName, ? extends Metric> entry : producer.metrics().entrySet()) {
            if (entry.getKey().name().equals(name) && entry.getKey().group().equals("producer-metrics")) {
                return ((Number) entry.getValue().metricValue()).doubleValue();
            }
        }
        return 0;
    }

    /**
     * A wallet's balance change as the ledger publishes it, about its size and shape: ids, amounts and versions differ
     * from event to event as they do in the ledger's stream, so compression sees what it would see there.
     */
    private static String event() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long balance = random.nextLong(1_000_000_000L);
        return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"WalletBalanceChanged\",\"schemaVersion\":1,"
                + "\"occurredAt\":\"" + java.time.Instant.now() + "\",\"aggregateId\":\"" + UUID.randomUUID()
                + "\",\"source\":\"transaction-service\",\"payload\":{\"walletId\":\"" + UUID.randomUUID() + "\",\"entryId\":\""
                + UUID.randomUUID() + "\",\"transferId\":\"" + UUID.randomUUID() + "\",\"entryType\":\"TRANSFER\",\"amount\":"
                + -random.nextInt(1, 1_000_000) + ",\"currency\":\"ZAR\",\"balance\":" + balance + ",\"available\":" + balance
                + ",\"held\":0,\"version\":" + random.nextInt(1, 100_000) + ",\"counterpartyWalletId\":\"" + UUID.randomUUID()
                + "\",\"reference\":\"bench\",\"postedAt\":\"" + java.time.Instant.now() + "\"}}";
    }
}
