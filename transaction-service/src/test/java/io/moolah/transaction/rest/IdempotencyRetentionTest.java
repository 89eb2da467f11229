package io.moolah.transaction.rest;

import io.moolah.transaction.service.IdempotencyRetention;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static io.moolah.transaction.rest.Ledger.count;
import static io.moolah.transaction.rest.Ledger.execute;
import static io.moolah.transaction.rest.Ledger.fund;
import static io.moolah.transaction.rest.Ledger.newCustomer;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Idempotency records are kept for the published 72 hours, then pruned: the key is then a new request. */
@QuarkusTest
class IdempotencyRetentionTest {

    @Inject
    IdempotencyRetention retention;

    @Test
    void aKeyReplaysWithinTheRetentionAndIsNewAfterIt() {
        var alice = newCustomer();
        var bob = newCustomer();
        fund(alice, 1_000);
        String kept = UUID.randomUUID().toString();
        String pruned = UUID.randomUUID().toString();
        Ledger.transfer(alice, Ledger.send(alice, bob, 100), kept).statusCode(201);
        Ledger.transfer(alice, Ledger.send(alice, bob, 100), pruned).statusCode(201);
        execute("update idempotency_record set created_at = now() - interval '71 hours' where idempotency_key = '" + kept + "'");
        execute("update idempotency_record set created_at = now() - interval '73 hours' where idempotency_key = '" + pruned + "'");

        retention.prune(Instant.now());

        assertEquals(1L, count("select count(*) from idempotency_record where idempotency_key = '" + kept + "'"));
        assertEquals(0L, count("select count(*) from idempotency_record where idempotency_key = '" + pruned + "'"));
        Ledger.transfer(alice, Ledger.send(alice, bob, 100), kept).statusCode(201).header("Idempotent-Replayed", "true");
        Ledger.transfer(alice, Ledger.send(alice, bob, 100), pruned).statusCode(201)
                .header("Idempotent-Replayed", org.hamcrest.Matchers.nullValue());
        assertEquals(700, Ledger.balance(alice));
    }
}
