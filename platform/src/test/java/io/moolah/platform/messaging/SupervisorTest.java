package io.moolah.platform.messaging;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SupervisorTest {

    /** A loop whose aliveness a test sets; a restart brings it back unless it is made to fail. */
    private static final class Loop implements Supervisor.Supervised {
        boolean alive = true;
        boolean restartFails;
        int restartsAsked;

        @Override
        public String name() {
            return "events-test";
        }

        @Override
        public boolean isAlive() {
            return alive;
        }

        @Override
        public void restart() {
            restartsAsked++;
            if (restartFails) {
                throw new IllegalStateException("broker unreachable");
            }
            alive = true;
        }
    }

    @Test
    void aStoppedLoopIsRestartedAtOnceAndCounted() {
        AtomicLong now = new AtomicLong(0);
        Loop loop = new Loop();
        Supervisor supervisor = new Supervisor(List.of(loop), now::get);
        supervisor.check();
        assertEquals(0, loop.restartsAsked, "a live loop is left alone");
        loop.alive = false;
        supervisor.check();
        assertEquals(1, loop.restartsAsked);
        assertEquals(1, supervisor.restarts("events-test"));
        assertEquals(List.of(), supervisor.dead(Duration.ofSeconds(60)));
    }

    @Test
    void failingRestartsBackOffAndAfterTheGraceTheLoopIsReportedDead() {
        AtomicLong now = new AtomicLong(0);
        Loop loop = new Loop();
        loop.alive = false;
        loop.restartFails = true;
        Supervisor supervisor = new Supervisor(List.of(loop), now::get);
        for (long second = 0; second <= 70; second++) {
            now.set(second * 1000);
            supervisor.check();
        }
        // Tries at 0, 1, 3, 7, 15, 31 and 61 s: the wait doubles from one second, up to thirty.
        assertEquals(7, loop.restartsAsked);
        assertEquals(0, supervisor.restarts("events-test"));
        assertEquals(List.of("events-test"), supervisor.dead(Duration.ofSeconds(60)));
        assertEquals(List.of(), supervisor.dead(Duration.ofSeconds(80)));

        loop.restartFails = false;
        now.set(91_000);
        supervisor.check();
        assertEquals(List.of(), supervisor.dead(Duration.ofSeconds(60)), "back up: no longer reported");
    }
}
