package io.moolah.localstack.testing;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Reads a topic from the beginning, as an outside observer would: for tests that check what reached the broker. */
public final class TopicReader {
    private TopicReader() {
    }

    /**
     * Every record of {@code topic} up to and including the first one matching {@code until}, or until {@code timeout}
     * has passed (then the list holds what was read, and the caller's assertion fails).
     */
    public static List<ConsumerRecord<String, String>> readUntil(String bootstrapServers, String topic,
                                                                  Predicate<ConsumerRecord<String, String>> until,
                                                                  Duration timeout) {
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        try (var consumer = observer(bootstrapServers)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                        .map(info -> new TopicPartition(topic, info.partition())).toList();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(record);
                    if (until.test(record)) {
                        return seen;
                    }
                }
            }
        }
        return seen;
    }

    /**
     * How many records of {@code topic} match: read from the beginning until {@code expected} have matched (or
     * {@code timeout} has passed), then on to the end of the topic as it stands, so a copy too many is counted as well.
     * With {@code expected} 0 there is nothing to wait for: what the topic holds now is counted.
     */
    public static long countMatching(String bootstrapServers, String topic, Predicate<ConsumerRecord<String, String>> match,
                                     long expected, Duration timeout) {
        long[] matched = {0};
        if (expected > 0) {
            readUntil(bootstrapServers, topic, record -> match.test(record) && ++matched[0] >= expected, timeout);
        }
        return readAll(bootstrapServers, topic, timeout).stream().filter(match).count();
    }

    /** Every record of {@code topic} from the beginning to its end as it stands now (or as far as {@code timeout} allows). */
    public static List<ConsumerRecord<String, String>> readAll(String bootstrapServers, String topic, Duration timeout) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (var consumer = observer(bootstrapServers)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        records.add(record);
                    }
                }
            }
        }
        return records;
    }

    /** A consumer outside any group that commits nothing and sees only committed records: an outside observer. */
    private static KafkaConsumer<String, String> observer(String bootstrapServers) {
        return new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer());
    }
}
