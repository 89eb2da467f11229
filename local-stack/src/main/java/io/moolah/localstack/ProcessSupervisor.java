package io.moolah.localstack;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Restarts the local run's processes (services, and PostgreSQL, Redis and Kafka) when they die, as Kubernetes restarts
 * containers: checked every second,
 * a dead one is started again after a back-off that doubles from one second to thirty (and starts over once it has
 * stayed up for a minute). Each restart is reported to {@code onRestart} (the console) and written in the service's log.
 */
public final class ProcessSupervisor implements AutoCloseable {
    static final long FIRST_BACKOFF_MILLIS = 1_000;
    static final long MAX_BACKOFF_MILLIS = 30_000;
    static final long STABLE_MILLIS = 60_000;

    private record Wait(long nextTryMillis, long backoffMillis, long lastRestartMillis) {
    }

    private final List<Restartable> services;
    private final Consumer<String> onRestart;
    private final Map<String, Wait> waits = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "moolah-supervisor");
        thread.setDaemon(true);
        return thread;
    });

    private ProcessSupervisor(List<? extends Restartable> services, Consumer<String> onRestart) {
        this.services = List.copyOf(services);
        this.onRestart = onRestart;
    }

    public static ProcessSupervisor start(List<? extends Restartable> services, Consumer<String> onRestart) {
        ProcessSupervisor supervisor = new ProcessSupervisor(services, onRestart);
        supervisor.timer.scheduleWithFixedDelay(supervisor::check, 1, 1, TimeUnit.SECONDS);
        return supervisor;
    }

    void check() {
        if (ChildProcesses.stopping()) {
            return;
        }
        long now = System.currentTimeMillis();
        for (Restartable service : services) {
            Wait wait = waits.get(service.name());
            if (service.isAlive()) {
                if (wait != null && now - wait.lastRestartMillis() > STABLE_MILLIS) {
                    waits.remove(service.name());
                }
                continue;
            }
            Wait current = wait != null ? wait : new Wait(now, FIRST_BACKOFF_MILLIS, 0);
            if (now < current.nextTryMillis()) {
                waits.put(service.name(), current);
                continue;
            }
            try {
                service.restart();
                onRestart.accept(service.name() + " stopped; restarted it (restart " + service.restarts()
                        + ", next wait " + Duration.ofMillis(current.backoffMillis()).toSeconds() + " s if it stops again)");
            } catch (RuntimeException e) {
                onRestart.accept(service.name() + " stopped and could not be restarted: " + e.getMessage());
            }
            waits.put(service.name(), new Wait(now + current.backoffMillis(), Math.min(MAX_BACKOFF_MILLIS, current.backoffMillis() * 2), now));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
