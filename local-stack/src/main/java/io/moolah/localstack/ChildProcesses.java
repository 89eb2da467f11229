package io.moolah.localstack;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every child process the local stack starts, so none outlives it: a JVM shutdown hook stops whatever is still
 * running, children's own children included.
 */
public final class ChildProcesses {
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
    private static volatile boolean stopping;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcesses::stopAll, "moolah-child-reaper"));
    }

    private ChildProcesses() {
    }

    static void register(Process process) {
        RUNNING.add(process);
    }

    /**
     * True once the JVM is shutting down: nothing may be started or restarted any more. A supervisor that saw the
     * reaper's own stops as crashes restarted services as orphans (the fault suite found it).
     */
    public static boolean stopping() {
        return stopping;
    }

    /** Refuses to start {@code what} once the local stack is stopping. */
    static void requireNotStopping(String what) {
        if (stopping) {
            throw new IllegalStateException("not starting " + what + ": the local stack is stopping");
        }
    }

    /** SIGTERM, a grace period, then SIGKILL; descendants too. */
    public static void stop(Process process, Duration grace) {
        var descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
        RUNNING.remove(process);
    }

    static void stopAll() {
        stopping = true;
        RUNNING.forEach(process -> stop(process, Duration.ofSeconds(10)));
    }
}
