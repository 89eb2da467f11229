package io.moolah.platform.messaging;

import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailuresTest {

    @Test
    void outagesPassAndStayRetried() {
        assertTrue(Failures.isTransient(new IllegalStateException(new SQLException("terminating connection", "57P01"))));
        assertTrue(Failures.isTransient(new RuntimeException(new SQLException("connection refused", "08001"))));
        assertTrue(Failures.isTransient(new RuntimeException(new SQLException("deadlock detected", "40P01"))));
        assertTrue(Failures.isTransient(new RuntimeException(new SQLException("too many connections", "53300"))));
        assertTrue(Failures.isTransient(new RuntimeException(new SQLException("lock not available", "55P03"))));
        assertTrue(Failures.isTransient(new RuntimeException(new SQLException("Sorry, acquisition timeout!"))),
                "the pool's acquisition timeout carries no state");
        assertTrue(Failures.isTransient(new SQLTransientConnectionException("pool")));
        assertTrue(Failures.isTransient(new UncheckedIOException(new ConnectException("refused"))));
        assertTrue(Failures.isTransient(new org.apache.kafka.common.errors.TimeoutException("broker")));
    }

    @Test
    void whatRepeatsOnEveryAttemptIsSetAside() {
        assertFalse(Failures.isTransient(new IllegalArgumentException("no such wallet")));
        assertFalse(Failures.isTransient(new RuntimeException(new SQLException("duplicate key", "23505"))));
        assertFalse(Failures.isTransient(new RuntimeException(new SQLException("does not balance", "23514"))));
        assertFalse(Failures.isTransient(new RuntimeException(new SQLException("invalid input", "22P02"))));
        assertFalse(Failures.isTransient(new NullPointerException()));
    }

    @Test
    void aCauseLoopEnds() {
        RuntimeException first = new RuntimeException("a");
        RuntimeException second = new RuntimeException("b", first);
        first.initCause(second);
        assertFalse(Failures.isTransient(second));
    }
}
