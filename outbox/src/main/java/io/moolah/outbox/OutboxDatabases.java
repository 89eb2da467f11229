package io.moolah.outbox;

import io.agroal.api.AgroalDataSource;

import java.util.List;

/**
 * The databases whose outbox this service writes and relays. Most services have one, their own datasource
 * ({@link ServiceDatabase}, the default); the ledger has one per shard and says which one the current unit of work is
 * on, so that an event is written in its state change's own transaction and a consumer's processed-event record lands
 * where its effect does.
 */
public interface OutboxDatabases {

    /** One database: its pool (enlisted in JTA), and how the relay's replication connection reaches it. */
    record Database(String name, AgroalDataSource dataSource, String jdbcUrl, String replicationUrl, String username,
                    String password) {
    }

    /** Every database, the service's own first; the relay streams each one's events. */
    List<Database> all();

    /** The database the current unit of work writes to. */
    AgroalDataSource current();
}
