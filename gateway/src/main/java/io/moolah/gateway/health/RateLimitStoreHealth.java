package io.moolah.gateway.health;

import io.moolah.gateway.ratelimit.RateLimiter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness says which rate-limit buckets are in use: "shared" (Redis) or "local" (Redis unreachable). Either way the
 * gateway is ready: local buckets still limit, and taking every replica out of service because Redis is down would turn
 * a degraded limit into an outage.
 */
@Readiness
@ApplicationScoped
public class RateLimitStoreHealth implements HealthCheck {

    @Inject
    RateLimiter rateLimiter;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("rate-limit buckets")
                .up()
                .withData("buckets", rateLimiter.isShared() ? "shared" : "local")
                .build();
    }
}
