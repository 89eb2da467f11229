package io.moolah.systemtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moolah.localstack.testing.PlatformExtension.RunningPlatform;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Records on the payment service's topic, written as it writes them: a stand-in for a top-up it confirmed. */
final class PaymentEvents {
    static final String TOPIC = "payment.events";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PaymentEvents() {
    }

    /** The TopUpSucceeded event the payment service publishes once a top-up is paid (events/payment/TopUpSucceeded). */
    static String topUpSucceeded(UUID eventId, UUID paymentId, String walletId, long amount) {
        ObjectNode event = JSON.createObjectNode();
        event.put("eventId", eventId.toString());
        event.put("type", "TopUpSucceeded");
        event.put("schemaVersion", 1);
        event.put("occurredAt", Instant.now().toString());
        event.put("aggregateId", paymentId.toString());
        event.put("source", "payment-gateway-service");
        event.putObject("payload").put("paymentId", paymentId.toString()).put("walletId", walletId).put("amount", amount)
                .put("currency", "ZAR").put("provider", "PEACH").put("providerReference", "peach-" + paymentId);
        return event.toString();
    }

    /** Sends records keyed by {@code key} and waits until the broker has them. */
    static void send(RunningPlatform platform, String key, String... records) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", platform.kafkaBootstrapServers(),
                "acks", "all"), new StringSerializer(), new StringSerializer())) {
            for (String record : records) {
                producer.send(new ProducerRecord<>(TOPIC, key, record)).get(30, TimeUnit.SECONDS);
            }
        }
    }
}
