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
            Path root = projectRoot();
            Path runDirectory = root.resolve("system-tests").resolve("target").resolve("platform");
            Infrastructure infrastructure = Infrastructure.start(Infrastructure.Settings.ephemeral(), System.getenv());
            try {
                long started = System.nanoTime();
                Platform platform = Platform.start(root, runDirectory, infrastructure, Platform.ServicePorts.ephemeral(), Map.of());
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

        /** How to log in as the operator of this run. */
        public Platform.OperatorLogin operator() {
            return platform.operator();
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

        private static Path projectRoot() {
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
