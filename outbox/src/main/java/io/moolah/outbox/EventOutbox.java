package io.moolah.outbox;

import io.moolah.events.EventEnvelope;
import io.moolah.events.EventJson;
import io.moolah.platform.tracing.TraceParents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where a service publishes events: into the outbox table, in the caller's transaction, so an event exists if and only
 * if the state change it describes committed. The {@link OutboxRelay} sends it to Kafka afterwards.
 */
@ApplicationScoped
public class EventOutbox {

    /** Which database the caller's transaction is on (enlisted in JTA: the transaction's own connection). */
    @Inject
    OutboxDatabases databases;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    OutboxRelay relay;

    @Inject
    OutboxSettings settings;

    @ConfigProperty(name = "quarkus.application.name")
    String source;

    /**
     * An event to record: its topic, type, payload's schema version, the aggregate it is about, the payload, and the
     * trace it belongs to ({@code traceparent}; null for none).
     */
    public record Outgoing(String topic, String type, int schemaVersion, String aggregateId, Object payload, String traceParent) {
        /** An event of the current trace. */
        public Outgoing(String topic, String type, int schemaVersion, String aggregateId, Object payload) {
            this(topic, type, schemaVersion, aggregateId, payload, TraceParents.current());
        }
    }

    /** Records an event about {@code aggregateId} on {@code topic}; must run inside the state change's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public EventEnvelope publish(String topic, String type, int schemaVersion, String aggregateId, Object payload) {
        EventEnvelope event = EventJson.newEvent(type, schemaVersion, aggregateId, source, payload);
        insert(List.of(new Row(event.eventId(), topic, aggregateId, type, TraceParents.current(), EventJson.toJson(event))));
        return event;
    }

    /**
     * Records several events in one statement (one round trip), in order; must run inside the state change's
     * transaction. Each is written to JSON once, straight from its payload: this is on every money movement's hot path.
     *
     * @return the events' ids, in order
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<UUID> publishAll(List<Outgoing> outgoing) {
        if (outgoing.isEmpty()) {
            return List.of();
        }
        List<Row> rows = new ArrayList<>(outgoing.size());
        for (Outgoing event : outgoing) {
            UUID eventId = UUID.randomUUID();
            rows.add(new Row(eventId, event.topic(), event.aggregateId(), event.type(), event.traceParent(), EventJson.encodeNewEvent(eventId,
                    event.type(), event.schemaVersion(), event.aggregateId(), source, event.payload())));
        }
        insert(rows);
        return rows.stream().map(Row::eventId).toList();
    }

    private record Row(UUID eventId, String topic, String aggregateId, String type, String traceParent, String json) {
    }

    /**
     * Plain JDBC on the transaction's connection, one statement for all the rows. In {@code WAL} mode each event becomes
     * a transactional logical-decoding message (in the write-ahead log only: decoded at commit by {@link WalRelay},
     * discarded on rollback); in {@code TABLE} mode an {@code outbox_event} row, and the relay is woken at commit.
     */
    private void insert(List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        if (settings.mode() == OutboxSettings.Mode.WAL) {
            emit(rows);
            return;
        }
        StringBuilder statement = new StringBuilder(
                "insert into outbox_event (event_id, topic, aggregate_id, event_type, trace_parent, envelope) values ");
        for (int i = 0; i < rows.size(); i++) {
            statement.append(i == 0 ? "(?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?)");
        }
        try (Connection connection = databases.current().getConnection();
             PreparedStatement insert = connection.prepareStatement(statement.toString())) {
            int parameter = 1;
            for (Row row : rows) {
                insert.setObject(parameter++, row.eventId());
                insert.setString(parameter++, row.topic());
                insert.setString(parameter++, row.aggregateId());
                insert.setString(parameter++, row.type());
                insert.setString(parameter++, row.traceParent());
                insert.setString(parameter++, row.json());
            }
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not write to the outbox: " + e.getMessage(), e);
        }
        if (transactions.getResource(WakeRelayOnCommit.class) == null) {
            transactions.putResource(WakeRelayOnCommit.class, Boolean.TRUE);
            transactions.registerInterposedSynchronization(new WakeRelayOnCommit(relay));
        }
    }

    private void emit(List<Row> rows) {
        String[] messages = rows.stream().map(row -> new OutboxMessage(row.topic(), row.aggregateId(), row.type(),
                row.eventId().toString(), row.traceParent(), row.json()).encode()).toArray(String[]::new);
        try (Connection connection = databases.current().getConnection();
             PreparedStatement emit = connection.prepareStatement("select count(pg_logical_emit_message(true, ?, m)) from unnest(?::text[]) as m")) {
            emit.setString(1, OutboxMessage.PREFIX);
            emit.setArray(2, connection.createArrayOf("text", messages));
            emit.executeQuery().close();
        } catch (SQLException e) {
            throw new IllegalStateException("could not write to the outbox: " + e.getMessage(), e);
        }
    }

    /** Publishing right after commit keeps event latency low without polling hard. */
    private record WakeRelayOnCommit(OutboxRelay relay) implements Synchronization {
        @Override
        public void beforeCompletion() {
        }

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
                relay.wake();
            }
        }
    }
}
