package io.moolah.platform.lifecycle;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * When the local launcher starts a service it passes its own pid in {@code MOOLAH_PARENT_PID}; if the launcher dies
 * without stopping its children (kill -9), the service notices and shuts down instead of lingering on its port.
 * Without the variable (Kubernetes, a service run alone) this does nothing.
 */
@ApplicationScoped
public class ParentWatch {
    private static final Logger LOG = Logger.getLogger(ParentWatch.class);

    void start(@Observes StartupEvent event) {
        String pid = System.getenv("MOOLAH_PARENT_PID");
        if (pid == null) {
            return;
        }
        Optional<ProcessHandle> launcher = launcher(pid);
        if (launcher.isEmpty()) {
            // Started (or restarted) just as the launcher died: nobody would ever stop this process.
            LOG.warn("the launcher that started this service is already gone; shutting down");
            Quarkus.asyncExit();
            return;
        }
        launcher.get().onExit().thenRun(() -> {
            LOG.warn("the launcher that started this service is gone; shutting down");
            Quarkus.asyncExit();
        });
    }

    /** The launcher's process while it runs; empty when it is gone (or the variable is not a pid). */
    static Optional<ProcessHandle> launcher(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid.trim())).filter(ProcessHandle::isAlive);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
