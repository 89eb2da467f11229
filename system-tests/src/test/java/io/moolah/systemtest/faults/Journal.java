package io.moolah.systemtest.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Everything the load's client was told, as a Jepsen-style history: every answer (time, kind, status, code), every
 * money movement it attempted (by its unique reference) and the ones that were acknowledged (with the id the
 * platform gave). The audit checks the ledger against it; the report counts answers per fault window.
 */
final class Journal {
    enum Kind { TRANSFER_BY_ID, TRANSFER_BY_PHONE, HOLD, CAPTURE, TOPUP, QR_PAYMENT, ADJUSTMENT, BALANCE, HISTORY, LOGIN, SETUP }

    /** An answer; status 0 when none came (connection refused or reset, time-out). */
    record Answer(long atNanos, Kind kind, int status, String code, boolean retryAfter) {
        boolean isSuccess() {
            return status >= 200 && status < 300;
        }

        boolean isNoAnswer() {
            return status == 0;
        }

        /**
         * The answers the contract allows while a part is down: success, a refusal the client caused (401 for a
         * token past its expiry, never for a valid one; 422 business rule), 409 in flight, 503 with Retry-After. Anything else (a 500, a 504, a 503 without
         * Retry-After, a 404 for a wallet that exists) is a finding.
         */
        boolean isDocumented() {
            return isNoAnswer() || isSuccess() || status == 401 && "TOKEN_EXPIRED".equals(code) || status == 422
                    || status == 409 && "REQUEST_IN_PROGRESS".equals(code)
                    || status == 503 && retryAfter;
        }
    }

    /** A money movement the client asked for; {@code id} is the platform's (transaction, hold or payment) once acknowledged. */
    record Movement(Kind kind, String reference, long amount, String id, String holdId) {
    }

    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final Map<String, Movement> attempted = new ConcurrentHashMap<>();
    private final Map<String, Movement> acknowledged = new ConcurrentHashMap<>();
    private final Map<Kind, Long> lastSuccess = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> clientFindings = new ConcurrentLinkedQueue<>();
    private final Set<String> topUpsPaid = ConcurrentHashMap.newKeySet();

    void answer(Kind kind, int status, String code, boolean retryAfter) {
        long now = System.nanoTime();
        answers.add(new Answer(now, kind, status, code, retryAfter));
        if (status >= 200 && status < 300) {
            lastSuccess.put(kind, now);
        }
    }

    void attempt(Movement movement) {
        attempted.put(movement.kind() + ":" + movement.reference(), movement);
    }

    void acknowledge(Movement movement) {
        acknowledged.put(movement.kind() + ":" + movement.reference(), movement);
    }

    /** A top-up whose checkout the shopper paid at the simulator: it must end SUCCEEDED and credited once. */
    void paid(String paymentId) {
        topUpsPaid.add(paymentId);
    }

    /** Something the client itself saw that breaks the contract (a replay with another answer, say). */
    void finding(String text) {
        clientFindings.add(text);
    }

    List<Answer> answersBetween(long fromNanos, long toNanos) {
        List<Answer> between = new ArrayList<>();
        for (Answer answer : answers) {
            if (answer.atNanos() >= fromNanos && answer.atNanos() < toNanos) {
                between.add(answer);
            }
        }
        between.sort(java.util.Comparator.comparingLong(Answer::atNanos));
        return between;
    }

    /** When {@code kind} last succeeded (System.nanoTime), or Long.MIN_VALUE. */
    long lastSuccess(Kind kind) {
        return lastSuccess.getOrDefault(kind, Long.MIN_VALUE);
    }

    List<Movement> attempted() {
        return List.copyOf(attempted.values());
    }

    List<Movement> acknowledged() {
        return List.copyOf(acknowledged.values());
    }

    Set<String> topUpsPaid() {
        return Set.copyOf(topUpsPaid);
    }

    List<String> clientFindings() {
        return List.copyOf(clientFindings);
    }

    int totalAnswers() {
        return answers.size();
    }
}
