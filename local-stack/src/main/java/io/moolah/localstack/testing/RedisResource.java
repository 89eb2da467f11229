package io.moolah.localstack.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** A real Redis for a service's {@code @QuarkusTest}. */
public class RedisResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.redis.hosts", SharedInfrastructure.get().redisUrl());
    }

    @Override
    public void stop() {
        // Shared for the whole test JVM.
    }
}
