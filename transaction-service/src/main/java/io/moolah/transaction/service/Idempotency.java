package io.moolah.transaction.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moolah.platform.web.ProblemException;
import io.moolah.transaction.repository.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Idempotency keys for money-moving requests (ARCHITECTURE.md): inside the request's own transaction, a
 * transaction-scoped advisory lock on (scope, key) marks the request in flight, so a concurrent replay gets 409 at once;
 * a stored response is replayed; the same key with another body is 422. Only successful responses are stored, in the
 * same transaction as the money they moved: a refused request (insufficient funds, say) does not use up its key, and
 * a retry is checked afresh.
 */
@ApplicationScoped
public class Idempotency {
    public static final String HEADER = "Idempotency-Key";

    @Inject
    Sql sql;

    @Inject
    ObjectMapper json;

    /** A response as stored and replayed. */
    public record Outcome(int status, String body, boolean replayed) {
    }

    /** Validates the header: 1..128 printable ASCII characters (the platform's one rule). */
    public static String requireKey(String key) {
        return io.moolah.platform.web.IdempotencyKeys.require(key);
    }

    /**
     * Runs {@code action} at most once per (scope, key) and request.
     *
     * @param scope       whose key space: the caller and the operation
     * @param fingerprint a canonical form of the request body; a replay must match it
     * @param status      the success status to store with the response
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Outcome once(String scope, String key, String fingerprint, int status, Supplier<Object> action) {
        String requestHash = sha256(fingerprint);
        Lookup lookup = lockAndLookUp(scope, key);
        if (!lookup.locked()) {
            throw ProblemException.conflict("REQUEST_IN_PROGRESS",
                    "A request with this Idempotency-Key is still being processed; retry shortly.");
        }
        Optional<Outcome> stored = lookup.stored().map(found -> {
            if (!found.requestHash().equals(requestHash)) {
                throw ProblemException.unprocessable("IDEMPOTENCY_KEY_REUSED",
                        "This Idempotency-Key was used with a different request.");
            }
            return found.outcome();
        });
        if (stored.isPresent()) {
            return stored.get();
        }
        String body = write(action.get());
        sql.update("insert into idempotency_record (scope, idempotency_key, request_hash, response_status, response_body)"
                + " values (?, ?, ?, ?, ?)", scope, key, requestHash, status, body);
        return new Outcome(status, body, false);
    }

    private record Stored(String requestHash, Outcome outcome) {
    }

    private record Lookup(boolean locked, Optional<Stored> stored) {
    }

    /**
     * Takes the key's advisory lock, then reads its stored answer: two statements sent in one round trip. They stay
     * two statements on purpose: in READ COMMITTED each statement reads from its own snapshot, taken after the one
     * before it finished, so the look-up sees an answer committed by whoever held the lock just before us. (One
     * statement doing both would read from a snapshot taken before the lock was granted and could miss it.)
     */
    private Lookup lockAndLookUp(String scope, String key) {
        return sql.work(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "select pg_try_advisory_xact_lock(hashtextextended(?, 0));"
                            + " select request_hash, response_status, response_body from idempotency_record"
                            + " where scope = ? and idempotency_key = ?")) {
                statement.setString(1, scope + "\n" + key);
                statement.setString(2, scope);
                statement.setString(3, key);
                statement.execute();
                boolean locked;
                try (ResultSet lock = statement.getResultSet()) {
                    locked = lock.next() && lock.getBoolean(1);
                }
                if (!statement.getMoreResults()) {
                    throw new IllegalStateException("the stored-answer look-up returned no result");
                }
                try (ResultSet row = statement.getResultSet()) {
                    return new Lookup(locked, row.next()
                            ? Optional.of(new Stored(row.getString(1), new Outcome(row.getInt(2), row.getString(3), true)))
                            : Optional.empty());
                }
            }
        });
    }

    private String write(Object response) {
        try {
            return json.writeValueAsString(response);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
