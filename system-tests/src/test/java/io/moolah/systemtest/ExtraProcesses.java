package io.moolah.systemtest;

import io.moolah.localstack.Ports;
import io.moolah.localstack.ServiceProcess;
import io.moolah.localstack.testing.PlatformExtension;
import io.moolah.localstack.testing.PlatformExtension.RunningPlatform;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * More instances of a service beside the shared platform, for the tests of failover, coherence and shared limits: an
 * extra gateway wired to the platform's services (any of them overridable), or another transaction-service on the
 * same database. Each is started from the built jar on free loopback ports; the caller closes it.
 */
final class ExtraProcesses {
    private static final Path ROOT = Path.of(System.getProperty("moolah.project.root", ".."));

    private ExtraProcesses() {
    }

    /** A gateway at {@link ExtraGateway#url()}; its certificate is written under {@code runDirectory/tls}. */
    record ExtraGateway(ServiceProcess process, int port, int managementPort, Path certificate) implements AutoCloseable {
        String url() {
            return "https://127.0.0.1:" + port;
        }

        GatewayClient client() {
            return new GatewayClient(url(), certificate);
        }

        @Override
        public void close() {
            process.close();
        }
    }

    static String local(int port) {
        return "http://127.0.0.1:" + port;
    }

    static String jwks(RunningPlatform platform) {
        return local(platform.platform().ports().account()) + "/api/v1/auth/jwks.json";
    }

    /** A gateway with the platform's upstreams and load-test limits, then {@code overrides} (environment variables). */
    static ExtraGateway gateway(String name, RunningPlatform platform, Path runDirectory, Map<String, String> overrides) {
        var ports = platform.platform().ports();
        int port = Ports.free();
        int management = Ports.free();
        Map<String, String> environment = new HashMap<>(PlatformExtension.LOAD_TEST_RATE_LIMITS);
        environment.putAll(Map.of(
                "MOOLAH_GATEWAY_HTTPS_PORT", String.valueOf(port),
                "QUARKUS_MANAGEMENT_PORT", String.valueOf(management),
                "QUARKUS_REDIS_HOSTS", platform.infrastructure().redisUrl(),
                "MOOLAH_TLS_DIR", runDirectory.resolve(name + "-tls").toString(),
                "MOOLAH_AUTH_JWKS_URL", jwks(platform),
                "MOOLAH_GATEWAY_UPSTREAMS_ACCOUNT_URLS", local(ports.account()),
                "MOOLAH_GATEWAY_UPSTREAMS_TRANSACTION_URLS", local(ports.transaction()),
                "MOOLAH_GATEWAY_UPSTREAMS_PAYMENT_URLS", local(ports.payment()),
                "MOOLAH_GATEWAY_UPSTREAMS_CACHE_URLS", local(ports.cache())));
        environment.putAll(overrides);
        ServiceProcess process = ServiceProcess.start(name, ROOT.resolve("gateway/target/quarkus-app/quarkus-run.jar"), management,
                environment, runDirectory.resolve(name + ".log"));
        return new ExtraGateway(process, port, management, runDirectory.resolve(name + "-tls").resolve("gateway.crt"));
    }

    /** Another transaction-service on the platform's database and Kafka, listening on {@code port}. */
    static ServiceProcess transactionService(String name, RunningPlatform platform, Path runDirectory, int port) {
        var infrastructure = platform.infrastructure();
        return ServiceProcess.start(name, ROOT.resolve("transaction-service/target/quarkus-app/quarkus-run.jar"), port, Map.of(
                "QUARKUS_HTTP_PORT", String.valueOf(port),
                "KAFKA_BOOTSTRAP_SERVERS", platform.kafkaBootstrapServers(),
                "MOOLAH_AUTH_JWKS_URL", jwks(platform),
                "QUARKUS_DATASOURCE_JDBC_URL", infrastructure.jdbcUrl("transaction"),
                "MOOLAH_LEDGER_SHARDS_URLS", String.join(",", io.moolah.localstack.Infrastructure.LEDGER_SHARD_DATABASES.stream()
                        .map(infrastructure::jdbcUrl).toList()),
                "QUARKUS_DATASOURCE_USERNAME", infrastructure.postgresUser(),
                "QUARKUS_DATASOURCE_PASSWORD", infrastructure.postgresPassword()), runDirectory.resolve(name + ".log"));
    }
}
