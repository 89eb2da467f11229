package io.moolah.outbox;

import io.moolah.events.EventEnvelope;
import io.moolah.events.EventJson;
import io.moolah.localstack.Await;
import io.moolah.localstack.testing.KafkaResource;
import io.moolah.localstack.testing.PostgresResource;
import io.moolah.localstack.testing.SharedInfrastructure;
import io.moolah.localstack.testing.TopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "outbox_test"),
        scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class OutboxTest {

    @Inject
    TestNotes notes;

    @Inject
    EntityManager entityManager;

    private final SharedInfrastructure infrastructure = SharedInfrastructure.get();

    @Test
    void committedEventSurvivesABrokerOutageAndTakesEffectOnce() {
        String aggregate = "outage-" + UUID.randomUUID();
        infrastructure.stopKafka();
        EventEnvelope event;
        try {
            event = notes.write(aggregate);
            // The relay waits while the broker is away and confirms nothing to its slot meanwhile: nothing is lost.
            Await.sleep(4000);
        } finally {
            infrastructure.startKafka();
        }
        EventEnvelope marker = notes.write(aggregate);

        List<ConsumerRecord<String, String>> records = readUntil(marker.eventId());

        // Delivery is at least once: a relay that fails between the broker's acknowledgement and its slot's
        // confirmation sends that event again on restart. Each copy has the same event id, so it takes effect once.
        assertTrue(copiesOf(records, event.eventId()) >= 1, "the event reached the topic");
        assertEquals(aggregate, records.stream().filter(r -> r.value().contains(event.eventId().toString()))
                .findFirst().orElseThrow().key(), "the record key is the aggregate id");
        Await.until("the consumer to apply the marker", Duration.ofSeconds(60),
                () -> count("select count(*) from test_effect where event_id = :id", marker.eventId()) == 1);
        assertEquals(1L, count("select count(*) from test_effect where event_id = :id", event.eventId()),
                "the event took effect once");
    }

    @Test
    void rolledBackTransactionPublishesNothing() {
        String aggregate = "rollback-" + UUID.randomUUID();
        TestNotes.RolledBack failure = assertThrows(TestNotes.RolledBack.class, () -> notes.writeThenFail(aggregate));
        UUID rolledBack = failure.event.eventId();
        EventEnvelope marker = notes.write(aggregate);

        List<ConsumerRecord<String, String>> records = readUntil(marker.eventId());

        assertEquals(0, copiesOf(records, rolledBack), "the rolled-back event reached the topic");
        assertEquals(1L, count("select count(*) from test_note where aggregate_id = :id", aggregate),
                "only the marker's note exists; the rolled-back one is gone");
    }

    /**
     * The relay's connection killed twice while events are being written (as a kill -9 of the relay, or a failover,
     * looks to PostgreSQL): it starts again from its slot's confirmed position, so every event arrives, and each
     * aggregate's in the order written (a copy sent again before the kill may repeat; consumers drop it by id).
     */
    @Test
    void theRelayResumesFromItsSlotWithNoEventLostOrReorderedPerAggregate() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> aggregates = List.of("a-" + run, "b-" + run, "c-" + run);
        int perTransaction = 10;
        int total = 300;
        for (int from = 0; from < total; from += perTransaction) {
            notes.writeNumbered(aggregates, from, perTransaction);
            if (from == 90 || from == 200) {
                Await.until("the relay to be streaming", Duration.ofSeconds(60), () -> terminateRelayConnection() > 0);
            }
        }
        // One marker per aggregate (their records are on different partitions): read until all three are in.
        java.util.Set<String> markers = new java.util.HashSet<>();
        for (String aggregate : aggregates) {
            markers.add(notes.write(aggregate).eventId().toString());
        }
        java.util.Set<String> seenMarkers = new java.util.HashSet<>();
        List<ConsumerRecord<String, String>> records = TopicReader.readUntil(infrastructure.kafkaBootstrapServers(),
                TestNotes.TOPIC, r -> markers.stream().filter(r.value()::contains).anyMatch(seenMarkers::add)
                        && seenMarkers.size() == markers.size(), Duration.ofSeconds(60));
        assertEquals(markers, seenMarkers, "every marker arrived");

        for (String aggregate : aggregates) {
            List<Integer> numbers = new java.util.ArrayList<>();
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (ConsumerRecord<String, String> record : records) {
                EventEnvelope event = EventJson.fromJson(record.value().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                if (aggregate.equals(record.key()) && event.payload().has("n") && seen.add(event.eventId().toString())) {
                    numbers.add(event.payload().get("n").asInt());
                }
            }
            List<Integer> expected = java.util.stream.IntStream.range(0, total)
                    .filter(i -> aggregates.get(i % aggregates.size()).equals(aggregate)).boxed().toList();
            assertEquals(expected, numbers, "the events of " + aggregate + ", each once, in the order written");
        }
    }

    /** Ends the relay's replication connection from the database side; returns how many it ended (0: none streaming). */
    private long terminateRelayConnection() {
        return count("select count(pg_terminate_backend(active_pid)) from pg_replication_slots"
                + " where active and database = current_database() and slot_name like :id", "moolah_outbox_%");
    }

    @Test
    void redeliveredEventHasNoSecondEffect() {
        String aggregate = "redelivery-" + UUID.randomUUID();
        EventEnvelope event = EventJson.newEvent("NoteWritten", 1, aggregate, "test", Map.of());
        EventEnvelope after = EventJson.newEvent("NoteWritten", 1, aggregate, "test", Map.of());
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers",
                infrastructure.kafkaBootstrapServers()), new StringSerializer(), new StringSerializer())) {
            // The same record twice, as a redelivery after a rebalance or a relay retry would look.
            for (EventEnvelope e : List.of(event, event, after)) {
                producer.send(new ProducerRecord<>(TestNotes.TOPIC, aggregate, EventJson.toJson(e)));
            }
        }
        // Same key, same partition: once the later event is applied, both copies have been handled.
        Await.until("the consumer to apply the later event", Duration.ofSeconds(60),
                () -> count("select count(*) from test_effect where event_id = :id", after.eventId()) == 1);

        assertEquals(1L, count("select count(*) from test_effect where event_id = :id", event.eventId()));
    }

    @Test
    void handledRecordsAreCommittedSoonAfterwards() throws Exception {
        String aggregate = "commit-" + UUID.randomUUID();
        EventEnvelope event = EventJson.newEvent("NoteWritten", 1, aggregate, "test", Map.of());
        org.apache.kafka.clients.producer.RecordMetadata sent;
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers",
                infrastructure.kafkaBootstrapServers()), new StringSerializer(), new StringSerializer())) {
            sent = producer.send(new ProducerRecord<>(TestNotes.TOPIC, aggregate, EventJson.toJson(event))).get();
        }
        Await.until("the consumer to apply the event", Duration.ofSeconds(60),
                () -> count("select count(*) from test_effect where event_id = :id", event.eventId()) == 1);

        // Offsets are committed without blocking, every 200 ms: the group's position must pass the record soon, or
        // every restart would deliver it again.
        var partition = new org.apache.kafka.common.TopicPartition(sent.topic(), sent.partition());
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.<String, Object>of("bootstrap.servers",
                infrastructure.kafkaBootstrapServers()))) {
            Await.until("the consumer group to commit past the handled record", Duration.ofSeconds(10), () -> {
                try {
                    var committed = admin.listConsumerGroupOffsets("outbox-test-consumer").partitionsToOffsetAndMetadata()
                            .get(5, java.util.concurrent.TimeUnit.SECONDS).get(partition);
                    return committed != null && committed.offset() > sent.offset();
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    @Test
    void aRecordThatKeepsFailingIsParkedAndTheConsumerMovesOn() {
        String aggregate = "poison-" + UUID.randomUUID();
        EventEnvelope poison = EventJson.newEvent("Poison", 1, aggregate, "test", Map.of());
        EventEnvelope after = EventJson.newEvent("NoteWritten", 1, aggregate, "test", Map.of());
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers",
                infrastructure.kafkaBootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TestNotes.TOPIC, aggregate, "{not an event"));
            producer.send(new ProducerRecord<>(TestNotes.TOPIC, aggregate, EventJson.toJson(poison)));
            producer.send(new ProducerRecord<>(TestNotes.TOPIC, aggregate, EventJson.toJson(after)));
        }
        Await.until("the consumer to get past the poison", Duration.ofSeconds(60),
                () -> count("select count(*) from test_effect where event_id = :id", after.eventId()) == 1);

        assertEquals(0L, count("select count(*) from test_effect where event_id = :id", poison.eventId()));
        assertTrue(count("select count(*) from dead_letter_event where record like :text", "%" + poison.eventId() + "%") == 1,
                "the poison event is parked for an operator");
        assertTrue(count("select count(*) from dead_letter_event where record = :text", "{not an event") >= 1,
                "the malformed record is parked for an operator");
    }

    @Inject
    Retention retention;

    @Test
    void retentionPrunesPublishedRowsAndOldProcessedIdsOnlyAfterTheirRetention() {
        UUID oldPublished = UUID.randomUUID();
        UUID recentPublished = UUID.randomUUID();
        UUID oldProcessed = UUID.randomUUID();
        UUID recentProcessed = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            outboxRow(oldPublished, "now() - interval '8 days'", "now() - interval '8 days'");
            outboxRow(recentPublished, "now() - interval '6 days'", "now() - interval '6 days'");
            processedRow(oldProcessed, "now() - interval '31 days'");
            processedRow(recentProcessed, "now() - interval '29 days'");
        });

        retention.prune(java.time.Instant.now());

        assertEquals(0, count("select count(*) from outbox_event where event_id = :id", oldPublished));
        assertEquals(1, count("select count(*) from outbox_event where event_id = :id", recentPublished));
        assertEquals(0, count("select count(*) from processed_event where event_id = :id", oldProcessed));
        assertEquals(1, count("select count(*) from processed_event where event_id = :id", recentProcessed));
    }

    private void outboxRow(UUID eventId, String createdAt, String publishedAt) {
        entityManager.createNativeQuery("insert into outbox_event (event_id, topic, aggregate_id, event_type, envelope,"
                + " created_at, published_at) values (:id, 'retention.test', 'x', 'Test', '{}', " + createdAt + ", "
                + publishedAt + ")").setParameter("id", eventId).executeUpdate();
    }

    private void processedRow(UUID eventId, String processedAt) {
        entityManager.createNativeQuery("insert into processed_event (consumer, event_id, processed_at) values"
                + " ('retention-test', :id, " + processedAt + ")").setParameter("id", eventId).executeUpdate();
    }

    private List<ConsumerRecord<String, String>> readUntil(UUID markerId) {
        List<ConsumerRecord<String, String>> records = TopicReader.readUntil(infrastructure.kafkaBootstrapServers(),
                TestNotes.TOPIC, r -> r.value().contains(markerId.toString()), Duration.ofSeconds(60));
        assertTrue(records.stream().anyMatch(r -> r.value().contains(markerId.toString())),
                "the marker event never arrived");
        return records;
    }

    private static long copiesOf(List<ConsumerRecord<String, String>> records, UUID eventId) {
        return records.stream().filter(r -> r.value().contains(eventId.toString())).count();
    }

    private long count(String sql, Object id) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(sql)
                .setParameter(parameterOf(sql), id).getSingleResult()).longValue());
    }

    private static String parameterOf(String sql) {
        return sql.contains(":id") ? "id" : "text";
    }
}
