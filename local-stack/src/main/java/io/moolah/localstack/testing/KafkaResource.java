package io.moolah.localstack.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** A real Kafka broker (KRaft) with the platform's topics for a service's {@code @QuarkusTest}. */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String bootstrap = SharedInfrastructure.get().kafkaBootstrapServers();
        return Map.of("kafka.bootstrap.servers", bootstrap, "moolah.kafka.bootstrap-servers", bootstrap);
    }

    @Override
    public void stop() {
        // Shared for the whole test JVM.
    }
}
