package io.moolah.transaction.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moolah.platform.web.ProblemException;
import io.moolah.transaction.repository.IdempotencyRecords;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
    IdempotencyRecords records;

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
        Claim claim = new Claim(scope, key, sha256(fingerprint));
        Optional<Outcome> stored = claimAll(List.of(claim)).get(0).replay();
        if (stored.isPresent()) {
            return stored.get();
        }
        Outcome outcome = answer(status, action.get());
        storeAll(List.of(claim), List.of(outcome));
        return outcome;
    }

    /** A request's claim on its key: whose key space, the key, and the hash of the request's canonical form. */
    public record Claim(String scope, String key, String requestHash) {
        public static Claim of(String scope, String key, String fingerprint) {
            return new Claim(scope, key, sha256(fingerprint));
        }
    }

    /** What claiming a key found: another request holding it, or the answer stored for it (if any). */
    public record Claimed(Claim claim, boolean inProgress, Optional<Stored> stored) {

        /**
         * The stored answer to replay, if any; nothing when the request is to be run.
         *
         * @throws ProblemException 409 {@code REQUEST_IN_PROGRESS} when another request holds the key, 422
         *                          {@code IDEMPOTENCY_KEY_REUSED} when the key's answer was for another request
         */
        public Optional<Outcome> replay() {
            if (inProgress) {
                throw ProblemException.conflict("REQUEST_IN_PROGRESS",
                        "A request with this Idempotency-Key is still being processed; retry shortly.");
            }
            return stored.map(found -> {
                if (!found.requestHash().equals(claim.requestHash())) {
                    throw ProblemException.unprocessable("IDEMPOTENCY_KEY_REUSED",
                            "This Idempotency-Key was used with a different request.");
                }
                return found.outcome();
            });
        }
    }

    public record Stored(String requestHash, Outcome outcome) {
    }

    /**
     * Claims every key in one round trip ({@link IdempotencyRecords#claim}): a key another transaction holds is a
     * request in progress, and so is a key given a second time in the list (the first occurrence runs).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Claimed> claimAll(List<Claim> claims) {
        List<IdempotencyRecords.Key> keys = claims.stream().map(claim -> new IdempotencyRecords.Key(claim.scope(), claim.key())).toList();
        List<IdempotencyRecords.Found> found = records.claim(keys);
        Set<IdempotencyRecords.Key> seen = new HashSet<>();
        List<Claimed> claimed = new ArrayList<>(claims.size());
        for (int i = 0; i < claims.size(); i++) {
            boolean first = seen.add(keys.get(i));
            Optional<Stored> stored = found.get(i).stored().map(answer ->
                    new Stored(answer.requestHash(), new Outcome(answer.status(), answer.body(), true)));
            claimed.add(new Claimed(claims.get(i), !found.get(i).locked() || !first, stored));
        }
        return claimed;
    }

    /** Stores each claim's answer, in one statement, in the transaction that moved the money. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void storeAll(List<Claim> claims, List<Outcome> outcomes) {
        List<IdempotencyRecords.Key> keys = claims.stream().map(claim -> new IdempotencyRecords.Key(claim.scope(), claim.key())).toList();
        List<IdempotencyRecords.Answer> answers = new ArrayList<>(claims.size());
        for (int i = 0; i < claims.size(); i++) {
            answers.add(new IdempotencyRecords.Answer(claims.get(i).requestHash(), outcomes.get(i).status(), outcomes.get(i).body()));
        }
        records.store(keys, answers);
    }

    /** A fresh answer with {@code status} and {@code response} as its JSON body. */
    public Outcome answer(int status, Object response) {
        return new Outcome(status, write(response), false);
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
