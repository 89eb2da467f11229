package io.moolah.outbox;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A relay's batch goes to the producer in order and stops at a record the producer refuses at once (seen in the fault
 * suite: after a broker restart the first send waited out the metadata timeout and failed, the next found the broker
 * back and was delivered, so one wallet's version 350 reached the topic before its version 349).
 */
class SendInOrderTest {

    @Test
    void everyRecordIsSentInOrderWhenNoneIsRefused() {
        RefusingProducer producer = new RefusingProducer(-1);
        List<Future<RecordMetadata>> sends = OutboxProducer.sendInOrder(producer, records(5));
        assertEquals(5, sends.size());
        assertEquals(List.of("v0", "v1", "v2", "v3", "v4"), producer.history().stream().map(ProducerRecord::value).toList());
    }

    @Test
    void nothingAfterARecordRefusedAtOnceIsSent() {
        RefusingProducer producer = new RefusingProducer(2);
        List<Future<RecordMetadata>> sends = OutboxProducer.sendInOrder(producer, records(5));
        assertEquals(3, sends.size(), "v0, v1 and the refused v2");
        assertEquals(List.of("v0", "v1"), producer.history().stream().map(ProducerRecord::value).toList(), "what the producer took");
        ExecutionException refused = assertThrows(ExecutionException.class, () -> sends.get(2).get());
        assertEquals(TimeoutException.class, refused.getCause().getClass());
        assertFalse(sends.get(0).isDone(), "the records before it are still on their way (acknowledged at the flush)");
    }

    private static List<ProducerRecord<String, String>> records(int count) {
        return IntStream.range(0, count).mapToObj(i -> new ProducerRecord<>("outbox.test", "wallet-1", "v" + i)).toList();
    }

    /** Kafka's own test producer, refusing the n-th send at once as KafkaProducer does when a topic's metadata times out. */
    private static final class RefusingProducer extends MockProducer<String, String> {
        private final int refuse;
        private int calls;

        RefusingProducer(int refuse) {
            super(false, null, new StringSerializer(), new StringSerializer());
            this.refuse = refuse;
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, String> record) {
            if (calls++ == refuse) {
                CompletableFuture<RecordMetadata> failed = new CompletableFuture<>();
                failed.completeExceptionally(new TimeoutException("Topic outbox.test not present in metadata after 15000 ms."));
                return failed;
            }
            return super.send(record);
        }
    }
}
