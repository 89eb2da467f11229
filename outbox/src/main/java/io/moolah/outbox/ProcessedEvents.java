package io.moolah.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/** The idempotent-consumer log: which events a consumer has already applied. */
@ApplicationScoped
public class ProcessedEvents {

    /** The record goes where the event's effect does: the database of the caller's transaction. */
    @Inject
    OutboxDatabases databases;

    /**
     * Records the event as processed by {@code consumer}, in the caller's transaction.
     *
     * @return true the first time; false when it was applied before (the caller then does nothing). Two deliveries
     *         racing each other are serialised by the primary key: the second waits and then sees false.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(String consumer, UUID eventId) {
        try (Connection connection = databases.current().getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "insert into processed_event (consumer, event_id) values (?, ?) on conflict do nothing")) {
            insert.setString(1, consumer);
            insert.setObject(2, eventId);
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("could not record the event as processed: " + e.getMessage(), e);
        }
    }
}
