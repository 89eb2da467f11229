package io.moolah.cache.health;

import io.moolah.cache.layer.RedisLayer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready whether or not Redis is: without L2 the service still answers from L1 and L3, so taking it out of rotation
 * would only add load elsewhere. The check says which: {@code l2: up} or {@code l2: degraded}.
 */
@Readiness
@ApplicationScoped
public class CacheLayersHealth implements HealthCheck {

    @Inject
    RedisLayer l2;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("cache-layers").up()
                .withData("l1", "up")
                .withData("l2", l2.ping() ? "up" : "degraded")
                .build();
    }
}
