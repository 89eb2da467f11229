package io.moolah.transaction.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Idempotency keys in SQL: their advisory locks and stored answers (the rules are in {@code service.Idempotency}). */
@ApplicationScoped
public class IdempotencyRecords {

    @Inject
    Sql sql;

    /** A key in its caller's key space. */
    public record Key(String scope, String key) {
        /** The name of the key's advisory lock (hashed by PostgreSQL). */
        String lockName() {
            return scope + "\n" + key;
        }
    }

    /** An answer as stored: the hash of the request it answered, its status and body. */
    public record Answer(String requestHash, int status, String body) {
    }

    /** What claiming a key found: whether this transaction now holds its lock, and its stored answer if any. */
    public record Found(boolean locked, Optional<Answer> stored) {
    }

    /**
     * Takes each key's transaction-scoped advisory lock without waiting, then reads the answers stored for them, in one
     * round trip. Two statements on purpose: in READ COMMITTED each reads from its own snapshot, taken after the one
     * before it finished, so the look-up sees an answer committed by whoever held the lock just before us (one
     * statement doing both could miss it). Advisory locks are re-entrant: a key given twice is locked both times.
     */
    public List<Found> claim(List<Key> keys) {
        return sql.work(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "select pg_try_advisory_xact_lock(hashtextextended(k, 0)) from unnest(?::text[]) with ordinality as t(k, n)"
                            + " order by n;"
                            + " select r.scope, r.idempotency_key, r.request_hash, r.response_status, r.response_body"
                            + " from idempotency_record r join unnest(?::text[], ?::text[]) as t(scope, key)"
                            + " on r.scope = t.scope and r.idempotency_key = t.key")) {
                statement.setArray(1, connection.createArrayOf("text", keys.stream().map(Key::lockName).toArray()));
                statement.setArray(2, connection.createArrayOf("text", keys.stream().map(Key::scope).toArray()));
                statement.setArray(3, connection.createArrayOf("text", keys.stream().map(Key::key).toArray()));
                statement.execute();
                boolean[] locked = new boolean[keys.size()];
                try (ResultSet locks = statement.getResultSet()) {
                    for (int i = 0; i < locked.length && locks.next(); i++) {
                        locked[i] = locks.getBoolean(1);
                    }
                }
                if (!statement.getMoreResults()) {
                    throw new IllegalStateException("the stored-answer look-up returned no result");
                }
                Map<Key, Answer> stored = new HashMap<>();
                try (ResultSet rows = statement.getResultSet()) {
                    while (rows.next()) {
                        stored.put(new Key(rows.getString(1), rows.getString(2)),
                                new Answer(rows.getString(3), rows.getInt(4), rows.getString(5)));
                    }
                }
                List<Found> found = new ArrayList<>(keys.size());
                for (int i = 0; i < locked.length; i++) {
                    found.add(new Found(locked[i], Optional.ofNullable(stored.get(keys.get(i)))));
                }
                return found;
            }
        });
    }

    /** Stores answers, one per key, in one statement. */
    public void store(List<Key> keys, List<Answer> answers) {
        if (keys.isEmpty()) {
            return;
        }
        sql.work(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into idempotency_record (scope, idempotency_key, request_hash, response_status, response_body)"
                            + " select * from unnest(?::text[], ?::text[], ?::text[], ?::int[], ?::text[])")) {
                insert.setArray(1, connection.createArrayOf("text", keys.stream().map(Key::scope).toArray()));
                insert.setArray(2, connection.createArrayOf("text", keys.stream().map(Key::key).toArray()));
                insert.setArray(3, connection.createArrayOf("text", answers.stream().map(Answer::requestHash).toArray()));
                insert.setArray(4, connection.createArrayOf("int4", answers.stream().map(Answer::status).toArray()));
                insert.setArray(5, connection.createArrayOf("text", answers.stream().map(Answer::body).toArray()));
                insert.executeUpdate();
                return null;
            }
        });
    }
}
