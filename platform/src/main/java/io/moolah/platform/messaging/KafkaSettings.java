package io.moolah.platform.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/** Kafka settings shared by producers, consumers and the health check. */
@ConfigMapping(prefix = "moolah.kafka")
public interface KafkaSettings {

    /** Bootstrap servers; {@code KAFKA_BOOTSTRAP_SERVERS} in the environment. */
    @WithName("bootstrap-servers")
    @WithDefault("${kafka.bootstrap.servers:127.0.0.1:9092}")
    String bootstrapServers();

    /** Attempts at one record before it is parked. */
    @WithDefault("10")
    int maxAttempts();

    /** First pause between attempts; doubles up to {@link #maxBackoff()}. */
    @WithDefault("100ms")
    Duration initialBackoff();

    @WithDefault("5s")
    Duration maxBackoff();

    @WithDefault("500ms")
    Duration pollTimeout();

    /**
     * A pause after a poll that brought only a few records, so the next brings more (the delivery latency it may add).
     * 0 by measurement (KafkaBenchmark, docs/benchmarks.md): the WAL relay sends each batch it reads from the log at
     * once, so a poll already brings a whole batch, and a 5 ms pause gathered no more records per poll while the
     * consumers spent about a fifth more CPU per event.
     */
    @WithDefault("0ms")
    Duration linger();

    /** How often a consumer commits the offsets of what it handled (asynchronously; at shutdown and rebalance, at once). */
    @WithDefault("200ms")
    Duration commitInterval();

    /** How long the readiness check waits for the broker. */
    @WithDefault("3s")
    Duration healthTimeout();

    /** {@code SASL_SSL} where the broker requires authentication (Kubernetes: Strimzi SCRAM-SHA-512 over TLS). */
    java.util.Optional<String> securityProtocol();

    java.util.Optional<String> saslMechanism();

    /** The KafkaUser's JAAS line, from the Secret Strimzi writes for it. */
    java.util.Optional<String> saslJaasConfig();

    /** The broker's CA (PEM), to trust its TLS certificate. */
    java.util.Optional<String> sslTruststoreLocation();

    /** What every Kafka client of the service adds to its own settings: how to authenticate to the broker. */
    default java.util.Map<String, Object> securityProperties() {
        java.util.Map<String, Object> properties = new java.util.HashMap<>();
        securityProtocol().ifPresent(value -> properties.put("security.protocol", value));
        saslMechanism().ifPresent(value -> properties.put("sasl.mechanism", value));
        saslJaasConfig().ifPresent(value -> properties.put("sasl.jaas.config", value));
        sslTruststoreLocation().ifPresent(value -> {
            properties.put("ssl.truststore.location", value);
            properties.put("ssl.truststore.type", "PEM");
        });
        return properties;
    }
}
