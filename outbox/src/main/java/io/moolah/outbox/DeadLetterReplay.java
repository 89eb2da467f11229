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

    public record DeadLetter(long id, String consumer, String topic, int partition, long offset, String error,
                             Instant parkedAt, Instant replayedAt, String replayError) {
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
                + " parked_at, replayed_at, replay_error from dead_letter_event " + where).getResultList();
        return found.stream().map(r -> new DeadLetter(((Number) r[0]).longValue(), (String) r[1], (String) r[2],
                ((Number) r[3]).intValue(), ((Number) r[4]).longValue(), (String) r[5], Timestamps.instant(r[6]), Timestamps.instant(r[7]),
                (String) r[8])).toList();
    }
}
