package io.moolah.platform.health;

import io.moolah.platform.messaging.EventConsumers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import java.time.Duration;
import java.util.List;

/**
 * Down when an event consumer has been stopped for over a minute although it is restarted every few seconds: the
 * process cannot heal it, so Kubernetes should replace it. An outage of the database or the broker does not count
 * (the consumer lives and retries; readiness reports the outage).
 */
@Liveness
@ApplicationScoped
public class ConsumersLiveness implements HealthCheck {
    static final Duration GRACE = Duration.ofSeconds(60);

    /** Absent where a service runs no consumers (the gateway excludes the bean). */
    @Inject
    Instance<EventConsumers> consumers;

    @Override
    public HealthCheckResponse call() {
        List<String> dead = consumers.isResolvable() ? consumers.get().dead(GRACE) : List.of();
        return HealthCheckResponse.named("event-consumers").status(dead.isEmpty())
                .withData("stopped", String.join(",", dead)).build();
    }
}
