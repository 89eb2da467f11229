package io.moolah.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.moolah.k8s.Manifests.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The platform's infrastructure is locked down (issue 15, point 8): Kafka only with SCRAM over TLS and per-service
 * ACLs (each service writes only its own topic), Redis with a password and TLS, PostgreSQL (moolah-postgres and each
 * ledger shard) through PgBouncer sized for ten replicas of every service with statement, lock and idle-in-transaction
 * timeouts, and the gateway reading client addresses from the PROXY protocol of its load balancer.
 */
class LockDownTest {
    private static final List<String> KAFKA_CLIENTS = List.of("account-service", "transaction-service", "payment-gateway-service", "cache-service");
    /** The services with a database: the account-service and payment-gateway-service on moolah-postgres, the ledger on its shards. */
    private static final List<String> DATABASE_CLIENTS = List.of("account-service", "transaction-service", "payment-gateway-service");
    private static final int REPLICAS = 10;

    @Test
    void kafkaAcceptsOnlyAuthenticatedClientsAndAuthorizesThem() throws IOException {
        Map<String, Object> kafka = spec(one(infrastructure(), "Kafka", "moolah-kafka")).get("kafka") instanceof Map<?, ?> m ? cast(m) : Map.of();
        List<Map<String, Object>> listeners = list(kafka.get("listeners"));
        assertFalse(listeners.isEmpty());
        for (Map<String, Object> listener : listeners) {
            assertEquals(Boolean.TRUE, listener.get("tls"), "listener " + listener.get("name") + " uses TLS");
            assertEquals("scram-sha-512", map(listener.get("authentication")).get("type"), "listener " + listener.get("name") + " authenticates");
        }
        assertEquals("simple", map(kafka.get("authorization")).get("type"), "ACLs are enforced");
    }

    @Test
    void eachServiceWritesOnlyItsOwnTopic() throws IOException {
        Map<String, List<String>> writes = new TreeMap<>();
        for (Manifest manifest : infrastructure()) {
            if (!"KafkaUser".equals(manifest.object().getKind())) {
                continue;
            }
            Map<String, Object> spec = spec(manifest.object());
            assertEquals("scram-sha-512", map(spec.get("authentication")).get("type"));
            String user = manifest.object().getMetadata().getName();
            for (Map<String, Object> acl : list(map(spec.get("authorization")).get("acls"))) {
                Map<String, Object> resource = map(acl.get("resource"));
                List<?> operations = acl.get("operations") instanceof List<?> named ? named : List.of();
                assertFalse(operations.contains("All"), user + " has no All operation");
                if (operations.contains("Write")) {
                    assertEquals("topic", resource.get("type"));
                    assertEquals("literal", resource.get("patternType"), user + " writes named topics only");
                    writes.computeIfAbsent(user, key -> new java.util.ArrayList<>()).add((String) resource.get("name"));
                }
            }
        }
        // The ledger also writes its own topic between its shards (docs/sharding.md), which no other service reads.
        assertEquals(Map.of("account-service", List.of("account.events"), "payment-gateway-service", List.of("payment.events"),
                "transaction-service", List.of("transaction.events", "ledger.transfers")), writes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"account-service", "transaction-service", "payment-gateway-service", "cache-service"})
    void everyKafkaClientAuthenticatesAsItsOwnUser(String service) throws IOException {
        List<Manifest> objects = Manifests.loadAll(Manifests.root().resolve(service));
        Map<String, String> config = config(objects, service);
        assertTrue(config.get("KAFKA_BOOTSTRAP_SERVERS").endsWith(":9093"), "the TLS listener");
        assertEquals("SASL_SSL", config.get("MOOLAH_KAFKA_SECURITY_PROTOCOL"));
        assertEquals("SCRAM-SHA-512", config.get("MOOLAH_KAFKA_SASL_MECHANISM"));
        assertNotNull(config.get("MOOLAH_KAFKA_SSL_TRUSTSTORE_LOCATION"));
        EnvVar jaas = env(objects, service, "MOOLAH_KAFKA_SASL_JAAS_CONFIG");
        assertEquals(service, jaas.getValueFrom().getSecretKeyRef().getName(), "the Secret Strimzi writes for the KafkaUser " + service);
        assertTrue(KAFKA_CLIENTS.contains(service));
        one(infrastructure(), "KafkaUser", service);
    }

    @Test
    void redisNeedsAPasswordAndTls() throws IOException {
        Map<String, Object> spec = spec(one(infrastructure(), "RedisReplication", "moolah-redis"));
        assertNotNull(map(map(spec.get("kubernetesConfig")).get("redisSecret")).get("name"), "a password");
        assertNotNull(map(map(spec.get("TLS")).get("secret")).get("secretName"), "TLS");
        for (String service : List.of("gateway", "cache-service")) {
            List<Manifest> objects = Manifests.loadAll(Manifests.root().resolve(service));
            assertTrue(config(objects, service).get("QUARKUS_REDIS_HOSTS").startsWith("rediss://"), service + " uses TLS");
            assertNotNull(env(objects, service, "QUARKUS_REDIS_PASSWORD").getValueFrom().getSecretKeyRef(), service + "'s password from a Secret");
        }
    }

    /**
     * Every database connection goes through a Pooler (the ledger's: one rw and one ro per shard, the shards named by
     * the transaction-service's lists, each shard's pools sized like its default datasource's, docs/sharding.md); every
     * Pooler pools transactions and takes the clients of ten replicas of every service using it; every cluster has the
     * timeouts, and its max_connections, less the reserve, covers the server connections of all its Poolers.
     */
    @Test
    void postgresIsReachedThroughPoolersSizedForTenReplicasWithTimeouts() throws IOException {
        List<Manifest> infrastructure = infrastructure();
        Map<String, Integer> clients = new HashMap<>();
        for (String service : DATABASE_CLIENTS) {
            List<Manifest> objects = Manifests.loadAll(Manifests.root().resolve(service));
            Map<String, String> config = config(objects, service);
            Properties application = applicationProperties(service);
            int writePool = REPLICAS * poolSize(application, "quarkus.datasource.jdbc.max-size");
            int readPool = REPLICAS * poolSize(application, "quarkus.datasource.read.jdbc.max-size");
            boolean reads = application.getProperty("quarkus.datasource.read.db-kind") != null;
            List<String> writeUrls = new ArrayList<>();
            writeUrls.add(config.get("QUARKUS_DATASOURCE_JDBC_URL"));
            writeUrls.addAll(LedgerShardsTest.urls(config.get("MOOLAH_LEDGER_SHARDS_URLS")));
            List<String> readUrls = new ArrayList<>();
            readUrls.add(config.getOrDefault("QUARKUS_DATASOURCE_READ_JDBC_URL", writeUrls.get(0)));
            List<String> shardReads = LedgerShardsTest.urls(config.get("MOOLAH_LEDGER_SHARDS_READ_URLS"));
            readUrls.addAll(shardReads.isEmpty() ? writeUrls.subList(1, writeUrls.size()) : shardReads);
            for (String url : writeUrls) {
                clients.merge(pooler(infrastructure, service, url, "rw"), writePool, Integer::sum);
            }
            if (reads) {
                for (String url : readUrls) {
                    // an ro pooler, or the rw one where reads are not separated
                    clients.merge(pooler(infrastructure, service, url, null), readPool, Integer::sum);
                }
            }
        }
        assertTrue(clients.keySet().containsAll(List.of("moolah-postgres-pooler-rw", "moolah-ledger-0-pooler-rw",
                "moolah-ledger-0-pooler-ro", "moolah-ledger-1-pooler-rw", "moolah-ledger-1-pooler-ro")), "poolers in use: " + clients.keySet());
        List<HasMetadata> clusters = infrastructure.stream().map(Manifest::object).filter(o -> "Cluster".equals(o.getKind())).toList();
        assertTrue(clusters.size() >= 3, "moolah-postgres and the ledger's shards");
        for (HasMetadata cluster : clusters) {
            String name = cluster.getMetadata().getName();
            Map<String, Object> parameters = map(map(spec(cluster).get("postgresql")).get("parameters"));
            for (String timeout : List.of("statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout")) {
                assertNotNull(parameters.get(timeout), name + ": " + timeout);
            }
            int maxConnections = Integer.parseInt((String) parameters.get("max_connections"));
            long databases = infrastructure.stream().map(Manifest::object)
                    .filter(o -> "Database".equals(o.getKind()) && name.equals(map(spec(o).get("cluster")).get("name"))).count();
            assertTrue(databases > 0, name + " holds a database");
            List<HasMetadata> poolers = infrastructure.stream().map(Manifest::object)
                    .filter(o -> "Pooler".equals(o.getKind()) && name.equals(map(spec(o).get("cluster")).get("name"))).toList();
            assertFalse(poolers.isEmpty(), name + " is reached through poolers");
            int servers = 0;
            for (HasMetadata pooler : poolers) {
                String poolerName = pooler.getMetadata().getName();
                Map<String, Object> spec = spec(pooler);
                Map<String, Object> pgbouncer = map(spec.get("pgbouncer"));
                Map<String, Object> settings = map(pgbouncer.get("parameters"));
                assertEquals("transaction", pgbouncer.get("poolMode"), poolerName);
                int instances = ((Number) spec.get("instances")).intValue();
                int maxClients = Integer.parseInt((String) settings.get("max_client_conn"));
                int perDatabase = Integer.parseInt((String) settings.get("max_db_connections"));
                assertTrue(clients.getOrDefault(poolerName, 0) <= maxClients, poolerName + ": " + clients.get(poolerName)
                        + " client connections at " + REPLICAS + " replicas, max_client_conn " + maxClients);
                servers += instances * perDatabase * (int) databases;
            }
            // Kept free: superuser_reserved_connections, replication and the operator's own.
            assertTrue(servers <= maxConnections - 20, name + ": its poolers open up to " + servers
                    + " server connections, max_connections " + maxConnections);
        }
    }

    /** The Pooler a service's URL names (of the given type, when not null); its name. */
    private static String pooler(List<Manifest> infrastructure, String service, String url, String type) {
        assertNotNull(url, service + " names its database");
        String name = LedgerShardsTest.serviceOf(url);
        HasMetadata pooler = infrastructure.stream().map(Manifest::object)
                .filter(o -> "Pooler".equals(o.getKind()) && name.equals(o.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new AssertionError(service + " connects through a pooler: " + url));
        if (type != null) {
            assertEquals(type, spec(pooler).get("type"), service + ": " + url);
        }
        return name;
    }

    @Test
    void theGatewaySeesClientAddressesThroughTheProxyProtocol() throws IOException {
        List<Manifest> objects = Manifests.loadAll(Manifests.root().resolve("gateway"));
        assertEquals("true", config(objects, "gateway").get("MOOLAH_GATEWAY_HTTPS_PROXY_PROTOCOL"));
        Service service = objects.stream().map(Manifest::object).filter(Service.class::isInstance).map(Service.class::cast)
                .filter(s -> "LoadBalancer".equals(s.getSpec().getType())).findFirst()
                .orElseThrow(() -> new AssertionError("the gateway has a load balancer in front"));
        assertEquals("Local", service.getSpec().getExternalTrafficPolicy(), "client addresses are kept to the node");
        assertTrue(service.getMetadata().getAnnotations().keySet().stream().anyMatch(key -> key.contains("proxy-protocol")),
                "the load balancer is asked for the PROXY protocol");
        assertTrue(objects.stream().noneMatch(m -> "Ingress".equals(m.object().getKind())),
                "no second way in that would not carry the PROXY protocol");
    }

    private static List<Manifest> infrastructure() throws IOException {
        return Manifests.loadAll(Manifests.root().resolve("infrastructure"));
    }

    private static Properties applicationProperties(String service) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Manifests.root().getParent().resolve(service).resolve(Path.of("src", "main",
                "resources", "application.properties")))) {
            properties.load(in);
        }
        return properties;
    }

    private static int poolSize(Properties application, String key) {
        return Integer.parseInt(application.getProperty(key, "20"));
    }

    private static HasMetadata one(List<Manifest> objects, String kind, String name) {
        List<HasMetadata> found = objects.stream().map(Manifest::object)
                .filter(o -> kind.equals(o.getKind()) && name.equals(o.getMetadata().getName())).toList();
        assertEquals(1, found.size(), "one " + kind + " named " + name);
        return found.get(0);
    }

    private static Map<String, Object> spec(HasMetadata object) {
        assertTrue(object instanceof GenericKubernetesResource, object.getKind() + " is an operator's resource");
        return map(((GenericKubernetesResource) object).getAdditionalProperties().get("spec"));
    }

    private static Map<String, String> config(List<Manifest> objects, String service) {
        return objects.stream().map(Manifest::object).filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                .filter(c -> c.getMetadata().getName().equals(service + "-config")).findFirst().orElseThrow().getData();
    }

    private static EnvVar env(List<Manifest> objects, String service, String name) {
        Deployment deployment = objects.stream().map(Manifest::object).filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .filter(d -> d.getMetadata().getName().equals(service)).findFirst().orElseThrow();
        List<EnvVar> env = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        return (env == null ? List.<EnvVar>of() : env).stream().filter(variable -> variable.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(service + " has no " + name));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> found ? (Map<String, Object>) found : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return value instanceof List<?> found ? (List<Map<String, Object>>) found : List.of();
    }
}
