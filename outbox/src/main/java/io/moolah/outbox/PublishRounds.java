package io.moolah.outbox;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Gathers the batches that a sharded service's relay streams (one per database) read from their logs into rounds, so
 * the broker gets one produce request per round, not one per database.
 *
 * <p>Why: each stream's engine hands over a batch once per poll interval, at its own moment. Two shards at the same
 * event rate as one shard would send twice the requests with half the events each, and every request costs the
 * broker and every consumer's poll (the cache-service's Redis round trip, its offset commit) about the same, however
 * few events it carries. Measured in docs/benchmarks.md ("ShardBenchmark", session 18).
 *
 * <p>How: a stream adds its records to the producer (which holds them: its linger is longer than a round), then
 * {@link #join}s the open round. The round closes, and everyone in it flushes and awaits its own acknowledgements,
 * when every stream of the previous round has joined, or when the window has passed since the round opened (a stream
 * that had nothing this time, or stopped). So a lone stream never waits, and streams that publish together stay
 * together: each is held until the round closes, so their engines poll again at the same moment.
 */
final class PublishRounds {
    private final long windowNanos;
    private final Runnable onClose;
    private Set<String> lastParticipants = Set.of();
    private Round open;
    private long closed;

    /**
     * @param window  longest a batch waits for the other streams; zero closes every round at once (each stream alone)
     * @param onClose called under the lock as each round closes (a counter)
     */
    PublishRounds(Duration window, Runnable onClose) {
        this.windowNanos = window.toNanos();
        this.onClose = onClose;
    }

    /** Joins the open round (or opens one) and returns once it has closed. */
    synchronized void join(String stream) throws InterruptedException {
        Round round = open;
        if (round == null) {
            round = new Round(System.nanoTime(), lastParticipants);
            open = round;
        }
        round.participants.add(stream);
        while (!round.closed) {
            long remaining = round.openedAt + windowNanos - System.nanoTime();
            if (round.participants.containsAll(round.expected) || remaining <= 0) {
                close(round);
            } else {
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, remaining);
                } catch (InterruptedException e) {
                    // The stream is stopping: it leaves the round (which closes without it, or is dropped if it was alone).
                    if (!round.closed) {
                        round.participants.remove(stream);
                        if (round.participants.isEmpty()) {
                            open = null;
                        }
                    }
                    throw e;
                }
            }
        }
    }

    /** Whether the stream is in the open round, waiting for it to close. */
    synchronized boolean waiting(String stream) {
        return open != null && open.participants.contains(stream);
    }

    /** Rounds closed so far. */
    synchronized long closedRounds() {
        return closed;
    }

    private void close(Round round) {
        round.closed = true;
        open = null;
        lastParticipants = Set.copyOf(round.participants);
        closed++;
        onClose.run();
        notifyAll();
    }

    private static final class Round {
        final long openedAt;
        final Set<String> expected;
        final Set<String> participants = new HashSet<>();
        boolean closed;

        Round(long openedAt, Set<String> expected) {
            this.openedAt = openedAt;
            this.expected = expected;
        }
    }
}
