package io.moolah.localstack;

import io.moolah.localstack.simulators.PeachSimulator;
import io.moolah.localstack.simulators.ZapperSimulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The five services as separate processes from their built jars, wired to an {@link Infrastructure}. Used by
 * {@code ./moolah up} (fixed ports) and by the system tests (free ports).
 */
public final class Platform implements AutoCloseable {
    public static final String ACCOUNT = "account-service";
    public static final String TRANSACTION = "transaction-service";
    public static final String PAYMENT = "payment-gateway-service";
    public static final String CACHE = "cache-service";
    public static final String GATEWAY = "gateway";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    /**
     * Where each service listens. {@code gatewayManagement} serves the gateway's health and metrics; {@code peach} is
     * the Peach Payments simulator, {@code zapper} the Zapper one.
     */
    public record ServicePorts(int account, int transaction, int payment, int cache, int gateway, int gatewayManagement,
                               int peach, int zapper) {
        /** The documented ports of a local run (README). */
        public static ServicePorts fixed() {
            return new ServicePorts(8081, 8082, 8083, 8084, 8443, 9000, 8090, 8091);
        }

        public static ServicePorts ephemeral() {
            return new ServicePorts(Ports.free(), Ports.free(), Ports.free(), Ports.free(), Ports.free(), Ports.free(), Ports.free(),
                    Ports.free());
        }

        public List<Integer> all() {
            return List.of(account, transaction, payment, cache, gateway, gatewayManagement, peach, zapper);
        }
    }

    /** Operators (staff) made for every start: two, so one can approve what the other asks. */
    static final int OPERATORS = 2;

    private final ServicePorts ports;
    private final List<OperatorCredentials> operators;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private PeachSimulator peach;
    private ZapperSimulator zapper;
    private LocalTraces traces;

    private Platform(ServicePorts ports, List<OperatorCredentials> operators) {
        this.ports = ports;
        this.operators = List.copyOf(operators);
    }

    /**
     * Starts all five services at once and waits until each is ready.
     *
     * @param projectRoot where the modules' {@code target/quarkus-app} folders are
     * @param runDirectory logs go to {@code logs/}, the development certificate to {@code tls/}
     * @param extraEnvironment added to every service's environment (tests use it to shorten timeouts, say)
     */
    public static Platform start(Path projectRoot, Path runDirectory, Infrastructure infrastructure, ServicePorts ports,
                                 Map<String, String> extraEnvironment) {
        List<OperatorCredentials> operators = new ArrayList<>();
        for (int i = 0; i < OPERATORS; i++) {
            operators.add(OperatorCredentials.generate());
        }
        Platform platform = new Platform(ports, operators);
        try {
            // The provider simulator first: the payment service is given its (random) secrets, and it sends its
            // notifications to the gateway's public webhook path, trusting the gateway's development certificate.
            platform.peach = PeachSimulator.start(PeachSimulator.Settings.random(
                    "https://" + Ports.LOOPBACK + ":" + ports.gateway() + "/api/v1/webhooks/peach",
                    runDirectory.resolve("tls").resolve("gateway.crt")), ports.peach());
            Map<String, Map<String, String>> environments = environments(infrastructure, ports, runDirectory, platform.operators);
            environments.get(PAYMENT).putAll(platform.peach.settings().serviceEnvironment(platform.peach.baseUrl()));
            // After Peach's checkout page the shopper's browser comes back to the web wallet, which waits for the
            // notification to land (docs/web.md).
            environments.get(PAYMENT).put("MOOLAH_PAYMENT_PEACH_SHOPPER_RESULT_URL", "https://" + Ports.LOOPBACK + ":" + ports.gateway() + "/");
            platform.zapper = ZapperSimulator.start(ZapperSimulator.Settings.random(), ports.zapper());
            environments.get(PAYMENT).putAll(platform.zapper.settings().serviceEnvironment(platform.zapper.baseUrl()));
            environments.get(PAYMENT).put("MOOLAH_PAYMENT_LEDGER_URL", local(ports.transaction()));
            // New every start.
            String serviceToken = io.moolah.localstack.simulators.PeachProtocol.randomHex(32);
            // The services' shared secret for internal paths (payment holds; the revoked sessions the gateway asks for).
            for (String service : List.of(PAYMENT, TRANSACTION, ACCOUNT, GATEWAY)) {
                environments.get(service).put("MOOLAH_AUTH_SERVICE_TOKEN", serviceToken);
            }
            environments.get(ACCOUNT).put("MOOLAH_ACCOUNT_PIN_PEPPER", pinPepper(runDirectory));
            environments.get(ACCOUNT).put("MOOLAH_ACCOUNT_TOKENS_PRIVATE_KEY_LOCATION", signingKey(runDirectory).toString());
            // Locally a Zapper answer is late after 2 s (the simulator's slow answers take 4 s) and stuck payments are
            // resolved every second: production keeps the longer defaults.
            environments.get(PAYMENT).put("QUARKUS_REST_CLIENT_ZAPPER_READ_TIMEOUT", "2000");
            environments.get(PAYMENT).put("MOOLAH_PAYMENT_QR_RECOVERY_INTERVAL", "1s");
            // Every service's spans go to the run's own trace receiver (traces.jsonl beside the logs).
            platform.traces = LocalTraces.start(runDirectory.resolve("logs").resolve("traces.jsonl"));
            for (String service : List.of(ACCOUNT, TRANSACTION, PAYMENT, CACHE, GATEWAY)) {
                environments.get(service).putAll(platform.traces.serviceEnvironment());
            }
            Map<String, Integer> healthPorts = Map.of(ACCOUNT, ports.account(), TRANSACTION, ports.transaction(),
                    PAYMENT, ports.payment(), CACHE, ports.cache(), GATEWAY, ports.gatewayManagement());
            for (String service : List.of(ACCOUNT, TRANSACTION, PAYMENT, CACHE, GATEWAY)) {
                Map<String, String> environment = new HashMap<>(environments.get(service));
                environment.putAll(extraEnvironment);
                platform.services.put(service, ServiceProcess.start(service, jarOf(projectRoot, service),
                        healthPorts.get(service), environment, runDirectory.resolve("logs").resolve(service + ".log")));
            }
            List<CompletableFuture<Void>> readiness = new ArrayList<>();
            for (ServiceProcess service : platform.services.values()) {
                readiness.add(CompletableFuture.runAsync(() -> service.awaitReady(READY_TIMEOUT)));
            }
            CompletableFuture.allOf(readiness.toArray(CompletableFuture[]::new)).join();
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e.getCause() instanceof RuntimeException cause && e instanceof java.util.concurrent.CompletionException ? cause : e;
        }
    }

    /**
     * The PIN pepper of this data folder: made at random the first time and kept beside the data (never in the
     * repository), since the PIN hashes stored there need the same pepper at every start.
     */
    static String pinPepper(Path runDirectory) {
        Path file = runDirectory.resolve("secrets").resolve("pin-pepper");
        try {
            if (!java.nio.file.Files.exists(file)) {
                java.nio.file.Files.createDirectories(file.getParent());
                java.nio.file.Files.writeString(file, io.moolah.localstack.simulators.PeachProtocol.randomHex(32));
            }
            return java.nio.file.Files.readString(file).trim();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot keep the PIN pepper at " + file, e);
        }
    }

    /**
     * The account-service's token signing key for this data folder (PKCS#8 PEM), made the first time and kept beside
     * the data, as production keeps it in a Secret: a restarted account-service signs with the same key, so the tokens
     * it issued before keep verifying everywhere (with a key per process, a crash logged every customer out).
     */
    static Path signingKey(Path runDirectory) {
        Path file = runDirectory.resolve("secrets").resolve("account-signing-key.pem");
        try {
            if (!java.nio.file.Files.exists(file)) {
                java.nio.file.Files.createDirectories(file.getParent());
                java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
                rsa.initialize(2048);
                String base64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                        .encodeToString(rsa.generateKeyPair().getPrivate().getEncoded());
                String label = "PRIVATE KEY"; // PKCS#8, as the account-service reads it
                java.nio.file.Files.writeString(file, "-----BEGIN " + label + "-----\n" + base64 + "\n-----END " + label + "-----\n");
            }
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot keep the token signing key at " + file, e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path jarOf(Path projectRoot, String service) {
        return projectRoot.resolve(service).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
    }

    private static Map<String, Map<String, String>> environments(Infrastructure infra, ServicePorts ports, Path runDirectory,
                                                                 List<OperatorCredentials> operators) {
        String kafka = infra.kafkaBootstrapServers();
        String jwks = local(ports.account()) + "/api/v1/auth/jwks.json";
        Map<String, Map<String, String>> environments = new HashMap<>();
        environments.put(ACCOUNT, database(infra, "account", Map.of(
                "QUARKUS_HTTP_PORT", String.valueOf(ports.account()),
                "KAFKA_BOOTSTRAP_SERVERS", kafka,
                "MOOLAH_ACCOUNT_OPERATORS", String.join("\n", operators.stream().map(OperatorCredentials::configLine).toList()))));
        environments.put(TRANSACTION, database(infra, "transaction", Map.of(
                "QUARKUS_HTTP_PORT", String.valueOf(ports.transaction()),
                "KAFKA_BOOTSTRAP_SERVERS", kafka,
                "MOOLAH_AUTH_JWKS_URL", jwks,
                // The ledger on two shards, as in production (docs/sharding.md): shard 0 is the database above.
                "MOOLAH_LEDGER_SHARDS_URLS", String.join(",",
                        Infrastructure.LEDGER_SHARD_DATABASES.stream().map(infra::jdbcUrl).toList()))));
        environments.put(PAYMENT, database(infra, "payment", Map.of(
                "QUARKUS_HTTP_PORT", String.valueOf(ports.payment()),
                "KAFKA_BOOTSTRAP_SERVERS", kafka,
                "MOOLAH_AUTH_JWKS_URL", jwks)));
        environments.put(CACHE, new HashMap<>(Map.of(
                "QUARKUS_HTTP_PORT", String.valueOf(ports.cache()),
                "QUARKUS_REDIS_HOSTS", infra.redisUrl(),
                "KAFKA_BOOTSTRAP_SERVERS", kafka,
                "MOOLAH_CACHE_LEDGER_URL", local(ports.transaction()),
                "MOOLAH_AUTH_JWKS_URL", jwks)));
        Map<String, String> gateway = new HashMap<>(Map.of("MOOLAH_AUTH_JWKS_URL", jwks));
        environments.put(GATEWAY, gateway);
        gateway.putAll(Map.of(
                "MOOLAH_GATEWAY_HTTPS_PORT", String.valueOf(ports.gateway()),
                "QUARKUS_MANAGEMENT_PORT", String.valueOf(ports.gatewayManagement()),
                "QUARKUS_REDIS_HOSTS", infra.redisUrl(),
                "MOOLAH_TLS_DIR", runDirectory.resolve("tls").toString(),
                "MOOLAH_GATEWAY_UPSTREAMS_ACCOUNT_URLS", local(ports.account()),
                "MOOLAH_GATEWAY_UPSTREAMS_TRANSACTION_URLS", local(ports.transaction()),
                "MOOLAH_GATEWAY_UPSTREAMS_PAYMENT_URLS", local(ports.payment()),
                "MOOLAH_GATEWAY_UPSTREAMS_CACHE_URLS", local(ports.cache())));
        return environments;
    }

    private static Map<String, String> database(Infrastructure infra, String database, Map<String, String> rest) {
        Map<String, String> environment = new HashMap<>(rest);
        environment.put("QUARKUS_DATASOURCE_JDBC_URL", infra.jdbcUrl(database));
        environment.put("QUARKUS_DATASOURCE_USERNAME", infra.postgresUser());
        environment.put("QUARKUS_DATASOURCE_PASSWORD", infra.postgresPassword());
        return environment;
    }

    private static String local(int port) {
        return "http://" + Ports.LOOPBACK + ":" + port;
    }

    public String gatewayUrl() {
        return "https://" + Ports.LOOPBACK + ":" + ports.gateway();
    }

    public ServicePorts ports() {
        return ports;
    }

    /** The operators of this run: ids, passphrases and TOTP secrets, new every start. */
    public List<OperatorCredentials> operators() {
        return operators;
    }

    public Map<String, ServiceProcess> services() {
        return services;
    }

    public ServiceProcess service(String name) {
        return services.get(name);
    }

    /** The Zapper simulator the payment service talks to. */
    /** The spans the services exported (the local trace store). */
    public LocalTraces traces() {
        return traces;
    }

    public ZapperSimulator zapper() {
        return zapper;
    }

    /** The Peach Payments simulator the payment service talks to. */
    public PeachSimulator peach() {
        return peach;
    }

    private ProcessSupervisor supervisor;

    /**
     * From now on a service process that dies is started again (with back-off), as Kubernetes would;
     * {@code onRestart} hears of each restart. Until {@link #close} or {@link #unsupervise}.
     */
    public synchronized void supervise(java.util.function.Consumer<String> onRestart) {
        supervise(List.of(), onRestart);
    }

    /** As {@link #supervise(java.util.function.Consumer)}, watching {@code servers} (PostgreSQL, Redis, Kafka) too. */
    public synchronized void supervise(List<Restartable> servers, java.util.function.Consumer<String> onRestart) {
        if (supervisor == null) {
            List<Restartable> watched = new ArrayList<>(services.values());
            watched.addAll(servers);
            supervisor = ProcessSupervisor.start(watched, onRestart);
        }
    }

    public synchronized void unsupervise() {
        if (supervisor != null) {
            supervisor.close();
            supervisor = null;
        }
    }

    /** Stops the services, gateway first, each with a grace period, then the provider simulator. */
    @Override
    public void close() {
        unsupervise();
        List<ServiceProcess> reversed = new ArrayList<>(services.values());
        java.util.Collections.reverse(reversed);
        reversed.parallelStream().forEach(ServiceProcess::close);
        if (peach != null) {
            peach.close();
        }
        if (zapper != null) {
            zapper.close();
        }
        if (traces != null) {
            traces.close();
        }
    }
}
