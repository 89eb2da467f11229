package io.moolah.localstack.testing;

import io.moolah.localstack.Infrastructure;
import io.moolah.localstack.Platform;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts the whole platform once per test run, as separate processes from the built jars: PostgreSQL, Redis and Kafka
 * first, then the five services on free loopback ports. Tests receive a {@link RunningPlatform} parameter and talk to
 * the gateway. Everything stops when the test run ends.
 *
 * <pre>{@code @ExtendWith(PlatformExtension.class) class SomeSystemTest { @Test void x(RunningPlatform platform) {...} }}</pre>
 */
public class PlatformExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PlatformExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        running(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RunningPlatform.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return running(context);
    }

    private static RunningPlatform running(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(RunningPlatform.class, key -> RunningPlatform.start(), RunningPlatform.class);
    }

    /**
     * Gateway rate limits far above anything the tests do: every test client is one address (loopback), and the
     * benchmarks are one customer per connection at thousands of requests a second. The tests of rate limiting start
     * gateways of their own with small limits.
     */
    public static final Map<String, String> LOAD_TEST_RATE_LIMITS = Map.of(
            "MOOLAH_GATEWAY_RATE_LIMITS_ADDRESS_RATE", "1000000",
            "MOOLAH_GATEWAY_RATE_LIMITS_ADDRESS_BURST", "1000000",
            "MOOLAH_GATEWAY_RATE_LIMITS_ADDRESS_AUTH_RATE", "100000",
            "MOOLAH_GATEWAY_RATE_LIMITS_ADDRESS_AUTH_BURST", "100000",
            "MOOLAH_GATEWAY_RATE_LIMITS_CUSTOMER_READ_RATE", "1000000",
            "MOOLAH_GATEWAY_RATE_LIMITS_CUSTOMER_READ_BURST", "1000000",
            "MOOLAH_GATEWAY_RATE_LIMITS_CUSTOMER_WRITE_RATE", "1000000",
            "MOOLAH_GATEWAY_RATE_LIMITS_CUSTOMER_WRITE_BURST", "1000000",
            "MOOLAH_GATEWAY_RATE_LIMITS_ADDRESS_WEBHOOK_RATE", "100000",
            "MOOLAH_GATEWAY_RATE_LIMITS_ADDRESS_WEBHOOK_BURST", "100000");

    /**
     * Extra environment for every service of the platform under test, from {@code -Dmoolah.platform.environment=K=V,K=V}:
     * for experiments (a benchmark with the access log off, say), never needed by the tests themselves.
     */
    static Map<String, String> extraEnvironment(String pairs) {
        Map<String, String> environment = new java.util.HashMap<>();
        for (String pair : pairs.split(",")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                environment.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
            }
        }
        return environment;
    }

    /** The platform under test; closed by JUnit at the end of the run. */
    public static final class RunningPlatform implements AutoCloseable {
        private final Infrastructure infrastructure;
        private final Platform platform;
        private final Path runDirectory;

        private RunningPlatform(Infrastructure infrastructure, Platform platform, Path runDirectory) {
            this.infrastructure = infrastructure;
            this.platform = platform;
            this.runDirectory = runDirectory;
        }

        static RunningPlatform start() {
            Path runDirectory = projectRoot().resolve("system-tests").resolve("target").resolve("platform");
            return start(runDirectory, Infrastructure.Settings.ephemeral(), Map.of());
        }

        /**
         * A platform of its own whose PostgreSQL keeps its data under {@code runDirectory/data}, so PostgreSQL can be
         * killed and restarted with what it committed (fault tests). Whatever was there from an earlier run is removed.
         */
        public static RunningPlatform startDurable(Path runDirectory, Map<String, String> environment) {
            io.moolah.localstack.Files2.deleteRecursively(runDirectory);
            Path data = runDirectory.resolve("data");
            return start(runDirectory, new Infrastructure.Settings(data, io.moolah.localstack.Ports.free(),
                    io.moolah.localstack.Ports.free(), io.moolah.localstack.Ports.free()), environment);
        }

        private static RunningPlatform start(Path runDirectory, Infrastructure.Settings settings, Map<String, String> extra) {
            Path root = projectRoot();
            Infrastructure infrastructure = Infrastructure.start(settings, System.getenv());
            try {
                long started = System.nanoTime();
                Map<String, String> environment = new java.util.HashMap<>(LOAD_TEST_RATE_LIMITS);
                // The system tests check which service answered (X-Moolah-Service); the public never sees it.
                environment.put("MOOLAH_GATEWAY_EXPOSE_SERVED_BY", "true");
                // Every trace is kept in tests; benchmarks keep a hundredth (-Pbenchmark), as production would at load.
                environment.put("QUARKUS_OTEL_TRACES_SAMPLER_ARG", System.getProperty("moolah.trace.ratio", "1.0"));
                environment.putAll(extra);
                environment.putAll(extraEnvironment(System.getProperty("moolah.platform.environment", "")));
                Platform platform = Platform.start(root, runDirectory, infrastructure, Platform.ServicePorts.ephemeral(), environment);
                System.out.printf("platform ready in %.1f s at %s (logs in %s)%n",
                        (System.nanoTime() - started) / 1e9, platform.gatewayUrl(), runDirectory.resolve("logs"));
                return new RunningPlatform(infrastructure, platform, runDirectory);
            } catch (RuntimeException e) {
                infrastructure.close();
                throw e;
            }
        }

        public String gatewayUrl() {
            return platform.gatewayUrl();
        }

        /** The gateway's development certificate (PEM), for clients to trust. */
        public Path gatewayCertificate() {
            return runDirectory.resolve("tls").resolve("gateway.crt");
        }

        /** The operators of this run (two: one asks, the other approves). */
        public java.util.List<io.moolah.localstack.OperatorCredentials> operators() {
            return platform.operators();
        }

        public Platform platform() {
            return platform;
        }

        public Infrastructure infrastructure() {
            return infrastructure;
        }

        public String kafkaBootstrapServers() {
            return infrastructure.kafkaBootstrapServers();
        }

        @Override
        public void close() {
            try {
                platform.close();
            } finally {
                infrastructure.close();
            }
        }

        public static Path projectRoot() {
            String configured = System.getProperty("moolah.project.root");
            if (configured != null && Files.isRegularFile(Path.of(configured, "moolah"))) {
                return Path.of(configured).toAbsolutePath();
            }
            for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("moolah")) && Files.isDirectory(dir.resolve("gateway"))) {
                    return dir;
                }
            }
            throw new IllegalStateException("cannot find the project root (set -Dmoolah.project.root)");
        }
    }
}
