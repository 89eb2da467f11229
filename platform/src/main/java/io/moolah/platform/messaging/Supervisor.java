package io.moolah.platform.messaging;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Keeps long-running loops alive, as Kubernetes keeps pods alive: each {@link Supervised} that has stopped while it
 * should run is started again after a back-off that doubles from one second to thirty. {@link #dead} names the ones
 * that are down and have not stayed up since a grace period ago (restarts fail, or they crash again): liveness reports
 * them.
 */
public final class Supervisor {
    private static final Logger LOG = Logger.getLogger(Supervisor.class);
    static final long FIRST_BACKOFF_MILLIS = 1_000;
    static final long MAX_BACKOFF_MILLIS = 30_000;

    /** A loop that runs on its own thread. */
    public interface Supervised {
        String name();

        boolean isAlive();

        /** Starts it anew; may throw (a broker that cannot be reached), and is then tried again later. */
        void restart();
    }

    /** A loop seen stopped, until it has stayed up for {@link #STABLE_MILLIS} after a restart. */
    private record State(long downSinceMillis, long nextTryMillis, long backoffMillis, long restartedAtMillis) {
    }

    /** Up this long after a restart, a loop counts as healed: a crash loop keeps its back-off and its down time. */
    static final long STABLE_MILLIS = 30_000;

    private final List<? extends Supervised> loops;
    private final LongSupplier clock;
    private final Map<String, State> down = new ConcurrentHashMap<>();
    private final Map<String, Long> restarts = new ConcurrentHashMap<>();

    public Supervisor(List<? extends Supervised> loops, LongSupplier clockMillis) {
        this.loops = List.copyOf(loops);
        this.clock = clockMillis;
    }

    /** One round: restarts what has stopped and is due. Called every second or so. */
    public void check() {
        long now = clock.getAsLong();
        for (Supervised loop : loops) {
            State known = down.get(loop.name());
            if (loop.isAlive()) {
                if (known != null && now - known.restartedAtMillis() >= STABLE_MILLIS) {
                    down.remove(loop.name());
                }
                continue;
            }
            State state = down.computeIfAbsent(loop.name(), name -> {
                LOG.errorf("%s has stopped; restarting it", name);
                return new State(now, now, FIRST_BACKOFF_MILLIS, Long.MIN_VALUE / 2);
            });
            if (now < state.nextTryMillis()) {
                continue;
            }
            long restartedAt = state.restartedAtMillis();
            try {
                loop.restart();
                restartedAt = now;
                restarts.merge(loop.name(), 1L, Long::sum);
                LOG.warnf("%s restarted (restart %d)", loop.name(), restarts.get(loop.name()));
            } catch (RuntimeException e) {
                LOG.errorf("%s could not be restarted: %s", loop.name(), e.toString());
            }
            down.put(loop.name(), new State(state.downSinceMillis(), now + state.backoffMillis(),
                    Math.min(MAX_BACKOFF_MILLIS, state.backoffMillis() * 2), restartedAt));
        }
    }

    /**
     * The loops stopped now and first seen stopped longer than {@code grace} ago without staying up since: restarting
     * them has not helped (or they crash again at once).
     */
    public List<String> dead(Duration grace) {
        long now = clock.getAsLong();
        return loops.stream().filter(loop -> !loop.isAlive()).map(Supervised::name)
                .filter(name -> down.containsKey(name) && now - down.get(name).downSinceMillis() > grace.toMillis())
                .sorted().toList();
    }

    public long restarts(String name) {
        return restarts.getOrDefault(name, 0L);
    }
}
