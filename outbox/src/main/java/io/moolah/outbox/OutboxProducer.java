package io.moolah.outbox;

import io.moolah.platform.messaging.KafkaSettings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The relays' producer: idempotent, {@code acks=all}, ordered retries. A send blocks for metadata at most the send
 * timeout; a record is retried by the producer itself until {@code deliveryTimeout}, and while it retries the broker
 * drops the copies it already has (idempotence), so waiting long here means fewer duplicates than sending again.
 */
final class OutboxProducer {
    private OutboxProducer() {
    }

    static KafkaProducer<String, String> create(KafkaSettings kafka, OutboxSettings settings, java.time.Duration deliveryTimeout) {
        return create(kafka, settings, settings.producer().linger(), deliveryTimeout);
    }

    static KafkaProducer<String, String> create(KafkaSettings kafka, OutboxSettings settings, java.time.Duration linger,
            java.time.Duration deliveryTimeout) {
        int timeout = (int) settings.sendTimeout().toMillis();
        int delivery = (int) Math.min(Integer.MAX_VALUE, deliveryTimeout.toMillis());
        Map<String, Object> config = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.LINGER_MS_CONFIG, (int) linger.toMillis(),
                ProducerConfig.BATCH_SIZE_CONFIG, settings.producer().batchSize(),
                ProducerConfig.COMPRESSION_TYPE_CONFIG, settings.producer().compression(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout / 2,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery));
        config.putAll(kafka.securityProperties());
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /**
     * Sends a batch's records in order and returns their sends, stopping after the first send the producer failed at
     * once (it found no metadata for the topic within the send timeout: the broker is away or restarting). Sending on
     * would be a fault: a later record sent once the broker is back would reach the topic before the failed one is sent
     * again, and its aggregate's events would be out of order. The caller sends the rest again with the failed one.
     */
    static List<Future<RecordMetadata>> sendInOrder(Producer<String, String> producer, List<ProducerRecord<String, String>> records) {
        List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
        for (ProducerRecord<String, String> record : records) {
            Future<RecordMetadata> send = producer.send(record);
            sends.add(send);
            if (failedAtOnce(send)) {
                break;
            }
        }
        return sends;
    }

    private static boolean failedAtOnce(Future<RecordMetadata> send) {
        if (!send.isDone()) {
            return false;
        }
        try {
            send.get();
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            // Stopping: send nothing more (the caller finds the batch cut short and marks nothing).
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
