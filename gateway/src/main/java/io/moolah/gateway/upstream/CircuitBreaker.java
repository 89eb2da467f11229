package io.moolah.gateway.upstream;

/**
 * A circuit breaker for one upstream. Closed, it counts the last {@code window} outcomes; when at least
 * {@code minimumCalls} of them are known and the failure share reaches {@code failureRatio} it opens, and every request
 * is refused at once for {@code openNanos}. Then it lets a single trial through (half-open): success closes it, failure
 * opens it again. Synchronized: the work inside is a few array writes.
 */
public final class CircuitBreaker {
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final boolean[] failures;
    private final int minimumCalls;
    private final double failureRatio;
    private final long openNanos;
    private State state = State.CLOSED;
    private int recorded;
    private int next;
    private int failed;
    private long openedAt;
    private boolean trialInFlight;

    public CircuitBreaker(int window, int minimumCalls, double failureRatio, long openNanos) {
        this.failures = new boolean[window];
        this.minimumCalls = Math.min(minimumCalls, window);
        this.failureRatio = failureRatio;
        this.openNanos = openNanos;
    }

    /** Whether a request may go to the upstream now. In half-open state only one trial at a time gets a yes. */
    public synchronized boolean tryAcquire(long nowNanos) {
        switch (state) {
            case CLOSED:
                return true;
            case OPEN:
                if (nowNanos - openedAt < openNanos) {
                    return false;
                }
                state = State.HALF_OPEN;
                trialInFlight = true;
                return true;
            default:
                if (trialInFlight) {
                    return false;
                }
                trialInFlight = true;
                return true;
        }
    }

    /** Nanoseconds until an open breaker lets a trial through (0 when not open). */
    public synchronized long remainingOpenNanos(long nowNanos) {
        return state == State.OPEN ? Math.max(0, openNanos - (nowNanos - openedAt)) : 0;
    }

    public synchronized void recordSuccess() {
        if (state == State.HALF_OPEN) {
            close();
        } else if (state == State.CLOSED) {
            record(false);
        }
    }

    public synchronized void recordFailure(long nowNanos) {
        if (state == State.HALF_OPEN) {
            open(nowNanos);
        } else if (state == State.CLOSED) {
            record(true);
            if (recorded >= minimumCalls && failed >= failureRatio * recorded) {
                open(nowNanos);
            }
        }
    }

    public synchronized State state() {
        return state;
    }

    private void record(boolean failure) {
        if (recorded == failures.length) {
            failed -= failures[next] ? 1 : 0;
        } else {
            recorded++;
        }
        failures[next] = failure;
        failed += failure ? 1 : 0;
        next = (next + 1) % failures.length;
    }

    private void open(long nowNanos) {
        state = State.OPEN;
        openedAt = nowNanos;
        trialInFlight = false;
    }

    private void close() {
        state = State.CLOSED;
        trialInFlight = false;
        recorded = 0;
        failed = 0;
        next = 0;
    }
}
