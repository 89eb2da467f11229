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
        Optional<ProcessHandle> parent = Optional.ofNullable(System.getenv("MOOLAH_PARENT_PID"))
                .flatMap(pid -> {
                    try {
                        return ProcessHandle.of(Long.parseLong(pid));
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                });
        parent.ifPresent(launcher -> launcher.onExit().thenRun(() -> {
            LOG.warn("the launcher that started this service is gone; shutting down");
            Quarkus.asyncExit();
        }));
    }
}
