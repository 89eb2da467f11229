package io.moolah.outbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rounds that gather a sharded relay's streams into one produce request each (no infrastructure needed). */
class PublishRoundsTest {
    private static final Duration LONG = Duration.ofMinutes(1);

    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopThreads() {
        pool.shutdownNow();
    }

    @Test
    void aLoneStreamNeverWaits() throws Exception {
        PublishRounds rounds = new PublishRounds(LONG, () -> { });
        for (int i = 0; i < 3; i++) {
            pool.submit(() -> join(rounds, "s0")).get(10, TimeUnit.SECONDS);
        }
        assertEquals(3, rounds.closedRounds());
    }

    @Test
    void streamsThatPublishedTogetherWaitForEachOtherAndCloseAsOneRound() throws Exception {
        PublishRounds rounds = new PublishRounds(LONG, () -> { });
        pool.submit(() -> join(rounds, "s0")).get(10, TimeUnit.SECONDS);
        // s1's first batch expects s0 (the last round's stream): it waits for it, well within the window.
        Future<?> s1 = pool.submit(() -> join(rounds, "s1"));
        awaitWaiting(rounds, "s1");
        assertThrows(TimeoutException.class, () -> s1.get(300, TimeUnit.MILLISECONDS));
        Future<?> s0 = pool.submit(() -> join(rounds, "s0"));
        s1.get(10, TimeUnit.SECONDS);
        s0.get(10, TimeUnit.SECONDS);
        assertEquals(2, rounds.closedRounds());
        // Now each waits for the other: the round closes only when both have joined.
        Future<?> again = pool.submit(() -> join(rounds, "s0"));
        awaitWaiting(rounds, "s0");
        assertThrows(TimeoutException.class, () -> again.get(300, TimeUnit.MILLISECONDS));
        assertEquals(2, rounds.closedRounds());
        pool.submit(() -> join(rounds, "s1")).get(10, TimeUnit.SECONDS);
        again.get(10, TimeUnit.SECONDS);
        assertEquals(3, rounds.closedRounds());
    }

    @Test
    void aStreamThatDoesNotComeIsWaitedForOneWindowThenNoLonger() throws Exception {
        Duration window = Duration.ofSeconds(3);
        PublishRounds rounds = new PublishRounds(window, () -> { });
        pool.submit(() -> join(rounds, "s0")).get(10, TimeUnit.SECONDS);
        Future<?> s1 = pool.submit(() -> join(rounds, "s1"));
        awaitWaiting(rounds, "s1");
        pool.submit(() -> join(rounds, "s0")).get(10, TimeUnit.SECONDS);
        s1.get(10, TimeUnit.SECONDS);
        assertEquals(2, rounds.closedRounds());
        // s1 stops publishing: s0's next batch waits out the window for it...
        long started = System.nanoTime();
        pool.submit(() -> join(rounds, "s0")).get(20, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - started >= window.toNanos() - TimeUnit.MILLISECONDS.toNanos(50),
                "the round closed before its window");
        // ...and from then on expects only itself: its next round closes at once, long before a window.
        Future<?> alone = pool.submit(() -> join(rounds, "s0"));
        alone.get(window.toMillis() - 500, TimeUnit.MILLISECONDS);
        assertEquals(4, rounds.closedRounds());
    }

    @Test
    void aStreamInterruptedWhileWaitingLeavesTheRound() throws Exception {
        PublishRounds rounds = new PublishRounds(LONG, () -> { });
        pool.submit(() -> join(rounds, "s0")).get(10, TimeUnit.SECONDS);
        Future<?> s1 = pool.submit(() -> join(rounds, "s1"));
        awaitWaiting(rounds, "s1");
        s1.cancel(true);
        for (int i = 0; i < 1000 && rounds.waiting("s1"); i++) {
            Thread.sleep(10);
        }
        assertFalse(rounds.waiting("s1"), "the stopped stream is still in the round");
        // The round it was alone in is dropped: s0's next rounds expect only s0 and close at once.
        pool.submit(() -> join(rounds, "s0")).get(10, TimeUnit.SECONDS);
        pool.submit(() -> join(rounds, "s0")).get(10, TimeUnit.SECONDS);
        assertEquals(3, rounds.closedRounds());
    }

    @Test
    void aZeroWindowClosesEveryRoundAtOnce() throws Exception {
        int[] closed = {0};
        PublishRounds rounds = new PublishRounds(Duration.ZERO, () -> closed[0]++);
        pool.submit(() -> join(rounds, "s0")).get(10, TimeUnit.SECONDS);
        pool.submit(() -> join(rounds, "s1")).get(10, TimeUnit.SECONDS);
        pool.submit(() -> join(rounds, "s0")).get(10, TimeUnit.SECONDS);
        assertEquals(3, closed[0]);
    }

    private static void awaitWaiting(PublishRounds rounds, String stream) throws InterruptedException {
        for (int i = 0; i < 1000 && !rounds.waiting(stream); i++) {
            Thread.sleep(10);
        }
        assertTrue(rounds.waiting(stream), stream + " never joined the open round");
    }

    private static Void join(PublishRounds rounds, String stream) throws InterruptedException {
        rounds.join(stream);
        return null;
    }
}
