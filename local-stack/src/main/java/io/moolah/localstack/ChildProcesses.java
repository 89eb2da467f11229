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

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcesses::stopAll, "moolah-child-reaper"));
    }

    private ChildProcesses() {
    }

    static void register(Process process) {
        RUNNING.add(process);
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
        RUNNING.forEach(process -> stop(process, Duration.ofSeconds(10)));
    }
}
