package io.moolah.outbox;

import io.moolah.events.EventEnvelope;
import io.moolah.events.EventJson;
import io.moolah.events.MalformedEventException;
import io.moolah.platform.messaging.EventHandler;
import io.moolah.platform.web.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Replays a parked record through the consumer that parked it, once its cause is fixed (docs/operations.md, "Dead
 * letters"). Handlers are idempotent, so a replay of a record that was applied meanwhile has no second effect. A
 * replay that fails again keeps the record open, with the new error.
 */
@ApplicationScoped
public class DeadLetterReplay {

    @Inject
    EntityManager entityManager;

    @Inject
    Instance<EventHandler> handlers;

    @Inject
    DeadLetters deadLetters;

    @Schema(name = "DeadLetter", description = "A record a consumer set aside after it failed on it every time it tried.",
            requiredProperties = {"id", "consumer", "topic", "partition", "offset", "error", "parkedAt"})
    public record DeadLetter(@Schema(description = "Grows with each dead letter of this area.") long id,
                             @Schema(description = "The consumer that set it aside, e.g. transaction-service.top-ups.") String consumer,
                             @Schema(description = "The Kafka topic it was read from.") String topic,
                             @Schema(description = "Its partition.") int partition,
                             @Schema(description = "Its offset in the partition.") long offset,
                             @Schema(description = "The event's type; null when the record is not an event.", nullable = true)
                             String eventType,
                             @Schema(description = "The event's id; null when the record is not an event.", nullable = true)
                             String eventId,
                             @Schema(description = "Why the consumer gave up on it.") String error,
                             @Schema(description = "When it was set aside.") Instant parkedAt,
                             @Schema(description = "When a replay applied it; null while it is open.", nullable = true)
                             Instant replayedAt,
                             @Schema(description = "Why the last replay failed, if one did.", nullable = true) String replayError) {
    }

    public List<DeadLetter> open(int limit) {
        return QuarkusTransaction.requiringNew().call(() -> rows("where replayed_at is null order by id limit " + Math.max(1, Math.min(limit, 500))));
    }

    public DeadLetter replay(long id) {
        Object[] row = QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> found = entityManager.createNativeQuery(
                    "select consumer, record, replayed_at from dead_letter_event where id = ?1").setParameter(1, id).getResultList();
            return found.isEmpty() ? null : found.get(0);
        });
        if (row == null) {
            throw ProblemException.notFound("DEAD_LETTER_NOT_FOUND", "No such dead letter.");
        }
        if (row[2] != null) {
            throw ProblemException.conflict("DEAD_LETTER_REPLAYED", "This dead letter was replayed already.");
        }
        String consumer = (String) row[0];
        EventHandler handler = handlers.stream().filter(candidate -> candidate.consumerName().equals(consumer)).findFirst()
                .orElseThrow(() -> ProblemException.unprocessable("CONSUMER_UNKNOWN", "No consumer named " + consumer + " runs here."));
        try {
            EventEnvelope event = EventJson.fromJson(row[1] == null ? new byte[0] : ((String) row[1]).getBytes(StandardCharsets.UTF_8));
            handler.handle(event);
        } catch (MalformedEventException e) {
            note(id, "not an event: " + e.getMessage());
            throw ProblemException.unprocessable("DEAD_LETTER_NOT_AN_EVENT", "The record is not an event; it cannot be replayed.");
        } catch (Exception e) {
            note(id, String.valueOf(e));
            throw ProblemException.unprocessable("REPLAY_FAILED", "The consumer failed again: " + e);
        }
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "update dead_letter_event set replayed_at = now(), replay_error = null where id = ?1").setParameter(1, id).executeUpdate());
        deadLetters.replayed();
        return QuarkusTransaction.requiringNew().call(() -> rows("where id = " + id).get(0));
    }

    private void note(long id, String error) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "update dead_letter_event set replay_error = ?2 where id = ?1").setParameter(1, id).setParameter(2, error).executeUpdate());
    }

    @SuppressWarnings("unchecked")
    private List<DeadLetter> rows(String where) {
        List<Object[]> found = entityManager.createNativeQuery("select id, consumer, topic, kafka_partition, kafka_offset, error,"
                + " parked_at, replayed_at, replay_error, record from dead_letter_event " + where).getResultList();
        return found.stream().map(r -> {
            EventEnvelope event = eventIn((String) r[9]);
            return new DeadLetter(((Number) r[0]).longValue(), (String) r[1], (String) r[2], ((Number) r[3]).intValue(),
                    ((Number) r[4]).longValue(), event == null ? null : event.type(), event == null ? null : event.eventId().toString(),
                    (String) r[5], Timestamps.instant(r[6]), Timestamps.instant(r[7]), (String) r[8]);
        }).toList();
    }

    /** The event a record holds, or null when it holds none. */
    private static EventEnvelope eventIn(String record) {
        if (record == null) {
            return null;
        }
        try {
            return EventJson.fromJson(record.getBytes(StandardCharsets.UTF_8));
        } catch (MalformedEventException e) {
            return null;
        }
    }
}
