package io.moolah.gateway.upstream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CircuitBreakerTest {
    private static final long SECOND = 1_000_000_000L;
    private final CircuitBreaker breaker = new CircuitBreaker(10, 4, 0.5, 5 * SECOND);

    @Test
    void staysClosedUntilEnoughCallsFail() {
        breaker.recordFailure(0);
        breaker.recordFailure(0);
        breaker.recordFailure(0);
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state(), "three outcomes are fewer than the minimum of four");
        breaker.recordSuccess();
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state(), "a success never opens it");
        breaker.recordFailure(0);
        assertEquals(CircuitBreaker.State.OPEN, breaker.state(), "4 of 5 failed: over half");
    }

    @Test
    void aHealthyMixDoesNotOpen() {
        for (int i = 0; i < 100; i++) {
            if (i % 4 == 0) {
                breaker.recordFailure(0);
            } else {
                breaker.recordSuccess();
            }
        }
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state(), "a quarter failing is under the 50% threshold");
    }

    @Test
    void oldOutcomesLeaveTheWindow() {
        for (int i = 0; i < 4; i++) {
            breaker.recordFailure(0);
            if (breaker.state() == CircuitBreaker.State.OPEN) {
                break;
            }
        }
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        CircuitBreaker fresh = new CircuitBreaker(4, 4, 0.5, SECOND);
        fresh.recordFailure(0);
        for (int i = 0; i < 10; i++) {
            fresh.recordSuccess();
        }
        fresh.recordFailure(0);
        assertEquals(CircuitBreaker.State.CLOSED, fresh.state(), "the early failure has left the window of 4");
    }

    @Test
    void openRefusesThenLetsOneTrialThrough() {
        for (int i = 0; i < 4; i++) {
            breaker.recordFailure(0);
        }
        assertFalse(breaker.tryAcquire(SECOND), "open: refused");
        assertEquals(4 * SECOND, breaker.remainingOpenNanos(SECOND));
        assertTrue(breaker.tryAcquire(6 * SECOND), "after 5 s one trial");
        assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state());
        assertFalse(breaker.tryAcquire(6 * SECOND), "only one trial at a time");
        breaker.recordSuccess();
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
        assertTrue(breaker.tryAcquire(6 * SECOND));
    }

    @Test
    void aFailedTrialOpensAgain() {
        for (int i = 0; i < 4; i++) {
            breaker.recordFailure(0);
        }
        assertTrue(breaker.tryAcquire(6 * SECOND));
        breaker.recordFailure(6 * SECOND);
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertFalse(breaker.tryAcquire(7 * SECOND), "open for another 5 s from the failed trial");
        assertTrue(breaker.tryAcquire(11 * SECOND));
    }
}
