package io.moolah.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.moolah.k8s.Manifests.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ledger's shards in Kubernetes (docs/sharding.md, issue 20): every shard the transaction-service's ConfigMap
 * names (shard 0 from its default datasource, shards 1.. from the comma-separated lists) is a CloudNativePG cluster of
 * its own with two replicas or more, synchronous replication, logical WAL for the outbox relay's slot, the ledger's
 * timeouts, the role {@code transaction} with the Secret the service reads its password from, a database
 * {@code transaction}, and an rw and an ro Pooler whose Services the URLs name; the replication URLs name each
 * cluster's {@code -rw} Service (the primary itself: replication cannot pass PgBouncer); the three lists have one entry
 * per shard; {@code OPEN_FOR_NEW} names only existing shards. The NetworkPolicies, read with Kubernetes' rules (a
 * connection needs the source's egress and the target's ingress), let the transaction-service reach every shard's
 * PostgreSQL pods and poolers on 5432, and no other service or infrastructure pod reach them.
 *
 * <p>Names and labels as CloudNativePG makes them: a Cluster {@code C} gets the Services {@code C-rw}, {@code C-ro},
 * {@code C-r} and labels its pods {@code cnpg.io/cluster=C}; a Pooler {@code P} gets the Service {@code P} and labels
 * its pods {@code cnpg.io/poolerName=P} (recent versions also {@code cnpg.io/cluster} and {@code cnpg.io/podRole};
 * both forms are checked).
 */
class LedgerShardsTest {
    static final String SERVICE = "transaction-service";
    static final String ROLE = "transaction";
    private static final int POSTGRES = 5432;

    private static List<Manifest> all;
    private static Map<String, String> config;
    private static String namespace;

    /** The namespace everything is deployed in (k8s/infrastructure/kustomization.yaml). */
    static String namespace() {
        try {
            String found = (String) map(new KubernetesSerialization().unmarshal(
                    Files.readString(Manifests.root().resolve("infrastructure/kustomization.yaml")), Map.class)).get("namespace");
            assertNotNull(found, "k8s/infrastructure/kustomization.yaml sets the namespace");
            return found;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One shard as the ConfigMap names it: its number, and its write, read and replication URLs. */
    record Shard(int number, String write, String read, String replication) {
    }

    @BeforeAll
    static void load() throws IOException {
        all = Manifests.loadAll(Manifests.root());
        config = config(all);
        namespace = namespace();
    }

    @Test
    void theListsNameEveryShardOnceInOrder() {
        List<Shard> shards = shards(config);
        assertTrue(shards.size() >= 2, "the ledger runs on two shards or more: " + shards);
        Set<String> clusters = new HashSet<>();
        for (Shard shard : shards) {
            assertTrue(clusters.add(clusterOf(all, shard.write(), "rw")), "shard " + shard.number() + " has a cluster of its own: " + shard);
        }
    }

    @Test
    void newWalletsOpenOnlyOnExistingShards() {
        assertOpenForNew(config);
    }

    @TestFactory
    Stream<DynamicTest> eachShardIsAReplicatedClusterWithTheLedgerDatabaseAndItsPoolers() {
        return shards(config).stream().map(shard -> DynamicTest.dynamicTest("shard " + shard.number(), () -> assertShard(all, shard)));
    }

    @TestFactory
    Stream<DynamicTest> onlyTheTransactionServiceReachesEachShard() {
        return shards(config).stream().map(shard -> DynamicTest.dynamicTest("shard " + shard.number(), () -> assertReachability(all, shard)));
    }

    /** The checks above fail on a broken manifest or ConfigMap, each for its reason. */
    @Test
    void theChecksSeeABrokenManifest() throws IOException {
        Path file = Manifests.root().resolve("infrastructure/ledger-shards.yaml");
        String shards = Files.readString(file);
        Shard one = shards(config).get(1);
        record Breakage(String what, String expected, UnaryOperator<String> change) {
        }
        List<Breakage> breakages = List.of(
                new Breakage("one instance", "two replicas",
                        yaml -> replaceFirstAfter(yaml, "name: moolah-ledger-1\n", "instances: 3", "instances: 1")),
                new Breakage("asynchronous replication", "waits for a replica",
                        yaml -> replaceFirstAfter(yaml, "name: moolah-ledger-1\n", "minSyncReplicas: 1", "minSyncReplicas: 0")),
                new Breakage("wal_level replica", "logical replication slot",
                        yaml -> replaceFirstAfter(yaml, "name: moolah-ledger-1\n", "wal_level: logical", "wal_level: replica")),
                new Breakage("no role", "declares the role",
                        yaml -> replaceFirstAfter(yaml, "name: moolah-ledger-1\n", "- name: transaction\n", "- name: ledger\n")),
                new Breakage("another Secret", "the Secret the service reads",
                        yaml -> replaceFirstAfter(yaml, "name: moolah-ledger-1\n", "{name: moolah-postgres-transaction}", "{name: moolah-ledger-1}")),
                new Breakage("the database on another cluster", "one Database",
                        yaml -> replaceFirstAfter(yaml, "name: moolah-ledger-1-transaction\n", "cluster: {name: moolah-ledger-1}", "cluster: {name: moolah-ledger-0}")),
                new Breakage("an ro pooler of type rw", "is an ro pooler",
                        yaml -> replaceFirstAfter(yaml, "name: moolah-ledger-1-pooler-ro\n", "type: ro", "type: rw")),
                new Breakage("session pooling", "transaction pooling",
                        yaml -> replaceFirstAfter(yaml, "name: moolah-ledger-1-pooler-rw\n", "poolMode: transaction", "poolMode: session")),
                new Breakage("no rw pooler", "names the Service of a Pooler",
                        yaml -> replaceFirstAfter(yaml, "kind: Pooler\nmetadata:\n", "name: moolah-ledger-1-pooler-rw", "name: moolah-ledger-1-bouncer")));
        for (Breakage breakage : breakages) {
            String yaml = breakage.change().apply(shards);
            assertNotEquals(shards, yaml, breakage.what() + " changed nothing");
            assertFails(breakage.what(), breakage.expected(), () -> assertShard(replace(file, yaml), one));
        }
        // The NetworkPolicies: the transaction-service left out, every pod let in, the infrastructure's policy on a shard.
        List<Manifest> shut = replace(file, replaceFirstAfter(shards, "name: moolah-ledger-1-poolers\n",
                "app.kubernetes.io/name: transaction-service", "app.kubernetes.io/name: account-service"));
        assertFails("the transaction-service shut out", "a NetworkPolicy admits transaction-service", () -> assertReachability(shut, one));
        List<Manifest> open = replace(file, replaceFirstAfter(shards, "name: moolah-ledger-1\n  labels:",
                "        - podSelector:\n            matchLabels:\n              cnpg.io/cluster: moolah-ledger-1\n",
                "        - podSelector: {}\n"));
        assertFails("every pod let in", "no NetworkPolicy admits", () -> assertReachability(open, one));
        Path infrastructurePolicy = Manifests.root().resolve("infrastructure/network-policy.yaml");
        String infrastructure = Files.readString(infrastructurePolicy);
        String unexcluded = infrastructure.replace(", moolah-ledger-1]", "]");
        assertNotEquals(infrastructure, unexcluded);
        assertFails("the infrastructure's policy on shard 1", "no NetworkPolicy admits",
                () -> assertReachability(replace(infrastructurePolicy, unexcluded), one));
        // The ConfigMap.
        Map<String, String> shortList = new HashMap<>(config);
        shortList.put("MOOLAH_LEDGER_SHARDS_READ_URLS", "");
        assertFails("a list shorter than the others", "one URL per shard", () -> shards(shortList));
        Map<String, String> unknownShard = new HashMap<>(config);
        unknownShard.put("MOOLAH_LEDGER_SHARDS_OPEN_FOR_NEW", "0," + shards(config).size());
        assertFails("a shard that does not exist", "exists", () -> assertOpenForNew(unknownShard));
        Shard throughPooler = new Shard(1, one.write(), one.read(), one.write());
        assertFails("replication through a pooler", "not through a pooler", () -> assertShard(all, throughPooler));
        Shard crossed = new Shard(1, one.write(), shards(config).get(0).read(), one.replication());
        assertFails("reads on another shard", "its own cluster's replicas", () -> assertShard(all, crossed));
    }

    private static void assertFails(String what, String expected, org.junit.jupiter.api.function.Executable check) {
        AssertionError error = assertThrows(AssertionError.class, check, what + " is not caught");
        assertTrue(String.valueOf(error.getMessage()).contains(expected), what + ": caught, but for another reason: " + error.getMessage());
    }

    /** Shard 0 from the default datasource, shards 1.. from the three lists, which must have one entry per shard. */
    static List<Shard> shards(Map<String, String> config) {
        String write = config.get("QUARKUS_DATASOURCE_JDBC_URL");
        assertNotNull(write, SERVICE + " names shard 0 (QUARKUS_DATASOURCE_JDBC_URL)");
        List<Shard> shards = new ArrayList<>();
        shards.add(new Shard(0, write, config.getOrDefault("QUARKUS_DATASOURCE_READ_JDBC_URL", write),
                config.get("MOOLAH_OUTBOX_REPLICATION_URL")));
        List<String> writes = urls(config.get("MOOLAH_LEDGER_SHARDS_URLS"));
        List<String> reads = urls(config.get("MOOLAH_LEDGER_SHARDS_READ_URLS"));
        List<String> replications = urls(config.get("MOOLAH_LEDGER_SHARDS_REPLICATION_URLS"));
        assertEquals(writes.size(), reads.size(), "MOOLAH_LEDGER_SHARDS_READ_URLS has one URL per shard: " + reads);
        assertEquals(writes.size(), replications.size(), "MOOLAH_LEDGER_SHARDS_REPLICATION_URLS has one URL per shard: " + replications);
        for (int i = 0; i < writes.size(); i++) {
            shards.add(new Shard(i + 1, writes.get(i), reads.get(i), replications.get(i)));
        }
        return shards;
    }

    /** A comma-separated list (absent: empty); no empty entry. */
    static List<String> urls(String list) {
        if (list == null || list.isBlank()) {
            return List.of();
        }
        List<String> urls = Arrays.stream(list.split(",", -1)).map(String::strip).toList();
        assertTrue(urls.stream().noneMatch(String::isEmpty), "no empty entry in " + list);
        return urls;
    }

    static void assertOpenForNew(Map<String, String> config) {
        int count = shards(config).size();
        String open = config.get("MOOLAH_LEDGER_SHARDS_OPEN_FOR_NEW");
        if (open == null) {
            return; // every shard
        }
        List<String> numbers = urls(open);
        assertFalse(numbers.isEmpty(), "some shard is open for new wallets");
        assertEquals(numbers.size(), Set.copyOf(numbers).size(), "no shard twice: " + open);
        for (String number : numbers) {
            assertTrue(number.matches("[0-9]+"), "a shard number: " + number);
            assertTrue(Integer.parseInt(number) < count, "shard " + number + " exists (there are " + count + "): " + open);
        }
    }

    static void assertShard(List<Manifest> objects, Shard shard) {
        String where = "shard " + shard.number();
        String cluster = clusterOf(objects, shard.write(), "rw");
        assertEquals(cluster, clusterOf(objects, shard.read(), "ro"), where + " reads from its own cluster's replicas: " + shard.read());
        assertEquals(cluster + "-rw", serviceOf(shard.replication()),
                where + ": the relay's replication connection goes to the primary's Service, not through a pooler: " + shard.replication());
        assertEquals(POSTGRES, port(shard.replication()), where);
        String database = database(shard.write());
        assertEquals(database, database(shard.read()), where);
        assertEquals(database, database(shard.replication()), where);
        assertEquals(ROLE, database, where + ": the ledger's database");

        Map<String, Object> spec = spec(one(objects, "Cluster", cluster));
        assertTrue(number(spec.get("instances")) >= 3, where + ": " + cluster + " has a primary and two replicas or more");
        assertTrue(number(spec.get("minSyncReplicas")) >= 1, where + ": a commit waits for a replica");
        Map<String, Object> parameters = map(map(spec.get("postgresql")).get("parameters"));
        assertEquals("logical", parameters.get("wal_level"), where + ": the outbox relay's logical replication slot");
        assertEquals("on", parameters.get("sync_replication_slots"), where + ": the slot follows a failover");
        for (String timeout : List.of("statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout")) {
            assertNotNull(parameters.get(timeout), where + ": " + timeout);
        }
        Map<String, Object> role = list(map(spec.get("managed")).get("roles")).stream().filter(r -> ROLE.equals(r.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError(where + ": " + cluster + " declares the role " + ROLE));
        assertNotEquals("absent", role.get("ensure"), where);
        assertEquals(Boolean.TRUE, role.get("login"), where + ": the role logs in");
        assertEquals(Boolean.TRUE, role.get("replication"), where + ": the role may open the relay's replication connection");
        assertEquals(passwordSecret(objects), map(role.get("passwordSecret")).get("name"),
                where + ": the role's password is the Secret the service reads");

        List<Map<String, Object>> databases = objects.stream().map(Manifest::object)
                .filter(o -> "Database".equals(o.getKind()) && "postgresql.cnpg.io".equals(Manifests.group(o)))
                .map(LedgerShardsTest::spec).filter(d -> cluster.equals(map(d.get("cluster")).get("name")) && database.equals(d.get("name")))
                .toList();
        assertEquals(1, databases.size(), where + ": one Database " + database + " on " + cluster);
        assertEquals(ROLE, databases.get(0).get("owner"), where);
    }

    /** The transaction-service reaches the shard's pods and poolers on 5432; no other workload does. */
    static void assertReachability(List<Manifest> objects, Shard shard) {
        String where = "shard " + shard.number();
        String cluster = clusterOf(objects, shard.write(), "rw");
        List<Map<String, String>> targets = new ArrayList<>();
        for (String role : List.of("primary", "replica")) {
            targets.add(Map.of("cnpg.io/cluster", cluster, "cnpg.io/instanceRole", role, "role", role, "cnpg.io/podRole", "instance"));
        }
        for (String pooler : poolersOf(objects, cluster)) {
            targets.add(Map.of("cnpg.io/poolerName", pooler));
            targets.add(Map.of("cnpg.io/poolerName", pooler, "cnpg.io/cluster", cluster, "cnpg.io/podRole", "pooler"));
        }
        Map<String, String> ledger = podLabels(SERVICE);
        for (Map<String, String> target : targets) {
            assertTrue(egress(objects, ledger, target, POSTGRES), where + ": " + SERVICE + "'s NetworkPolicy lets it reach " + target);
            assertTrue(ingress(objects, target, ledger, POSTGRES), where + ": a NetworkPolicy admits " + SERVICE + " to " + target);
        }
        Map<String, Map<String, String>> strangers = new LinkedHashMap<>();
        for (String service : ManifestPolicyTest.SERVICES) {
            if (!service.equals(SERVICE)) {
                strangers.put(service, podLabels(service));
            }
        }
        for (HasMetadata other : objects.stream().map(Manifest::object).filter(o -> "Cluster".equals(o.getKind())
                && "postgresql.cnpg.io".equals(Manifests.group(o)) && !cluster.equals(o.getMetadata().getName())).toList()) {
            strangers.put(other.getMetadata().getName(), Map.of("cnpg.io/cluster", other.getMetadata().getName(), "cnpg.io/podRole", "instance"));
            for (String pooler : poolersOf(objects, other.getMetadata().getName())) {
                strangers.put(pooler, Map.of("cnpg.io/poolerName", pooler));
            }
        }
        strangers.put("a Kafka broker", Map.of("strimzi.io/cluster", "moolah-kafka", "strimzi.io/kind", "Kafka"));
        strangers.put("Redis", Map.of("app", "moolah-redis", "role", "replication"));
        strangers.put("the OpenTelemetry Collector", Map.of("app.kubernetes.io/name", "moolah-otel-collector"));
        strangers.put("any other pod", Map.of("app.kubernetes.io/name", "stranger"));
        for (var stranger : strangers.entrySet()) {
            for (Map<String, String> target : targets) {
                for (int port : List.of(POSTGRES, 8000)) {
                    assertFalse(ingress(objects, target, stranger.getValue(), port),
                            where + ": no NetworkPolicy admits " + stranger.getKey() + " to " + target + " on " + port);
                    if (ManifestPolicyTest.SERVICES.contains(stranger.getKey())) {
                        assertFalse(egress(objects, stranger.getValue(), target, port),
                                where + ": " + stranger.getKey() + "'s NetworkPolicy does not let it reach " + target + " on " + port);
                    }
                }
            }
        }
    }

    /** The Cluster behind the Pooler a URL names; the Pooler must have the given type. */
    private static String clusterOf(List<Manifest> objects, String url, String type) {
        String pooler = serviceOf(url);
        HasMetadata found = objects.stream().map(Manifest::object)
                .filter(o -> "Pooler".equals(o.getKind()) && pooler.equals(o.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new AssertionError(url + " names the Service of a Pooler (" + pooler + ")"));
        Map<String, Object> spec = spec(found);
        assertEquals(type, spec.get("type"), pooler + " is an " + type + " pooler (" + url + ")");
        assertEquals("transaction", map(spec.get("pgbouncer")).get("poolMode"), pooler + ": transaction pooling");
        assertTrue(number(spec.get("instances")) >= 2, pooler + ": two PgBouncer pods or more");
        assertEquals(POSTGRES, port(url), url);
        String cluster = (String) map(spec.get("cluster")).get("name");
        assertNotNull(cluster, pooler + " names its cluster");
        return cluster;
    }

    private static List<String> poolersOf(List<Manifest> objects, String cluster) {
        return objects.stream().map(Manifest::object).filter(o -> "Pooler".equals(o.getKind())
                && cluster.equals(map(spec(o).get("cluster")).get("name"))).map(o -> o.getMetadata().getName()).toList();
    }

    /** The Service a JDBC URL connects to: its host, as a client in the namespace may spell it. */
    static String serviceOf(String url) {
        String host = uri(url).getHost();
        assertNotNull(host, "a host in " + url);
        String namespace = namespace();
        for (String suffix : List.of("." + namespace + ".svc.cluster.local", "." + namespace + ".svc", "." + namespace)) {
            if (host.endsWith(suffix)) {
                return host.substring(0, host.length() - suffix.length());
            }
        }
        assertFalse(host.contains("."), "a Service in the namespace: " + url);
        return host;
    }

    private static int port(String url) {
        int port = uri(url).getPort();
        return port == -1 ? POSTGRES : port;
    }

    private static String database(String url) {
        String path = uri(url).getPath();
        assertTrue(path != null && path.length() > 1, "a database in " + url);
        return path.substring(1);
    }

    private static URI uri(String url) {
        assertNotNull(url, "a URL");
        assertTrue(url.startsWith("jdbc:postgresql://"), "a PostgreSQL JDBC URL: " + url);
        return URI.create(url.substring("jdbc:".length()));
    }

    /** Whether a NetworkPolicy lets {@code source} out to {@code target} on {@code port} (or none restricts it). */
    private static boolean egress(List<Manifest> objects, Map<String, String> source, Map<String, String> target, int port) {
        List<NetworkPolicy> selecting = policies(objects).stream()
                .filter(p -> selects(p.getSpec().getPodSelector(), source) && types(p).contains("Egress")).toList();
        return selecting.isEmpty() || selecting.stream().flatMap(p -> p.getSpec().getEgress() == null ? Stream.empty() : p.getSpec().getEgress().stream())
                .anyMatch(rule -> matches(rule.getTo(), target) && opens(rule.getPorts(), port));
    }

    /** Whether a NetworkPolicy admits {@code source} to {@code target} on {@code port} (or none restricts it). */
    private static boolean ingress(List<Manifest> objects, Map<String, String> target, Map<String, String> source, int port) {
        List<NetworkPolicy> selecting = policies(objects).stream()
                .filter(p -> selects(p.getSpec().getPodSelector(), target) && types(p).contains("Ingress")).toList();
        return selecting.isEmpty() || selecting.stream().flatMap(p -> p.getSpec().getIngress() == null ? Stream.empty() : p.getSpec().getIngress().stream())
                .anyMatch(rule -> matches(rule.getFrom(), source) && opens(rule.getPorts(), port));
    }

    /** policyTypes, or what Kubernetes defaults it to: Ingress, and Egress when there are egress rules. */
    private static List<String> types(NetworkPolicy policy) {
        if (policy.getSpec().getPolicyTypes() != null && !policy.getSpec().getPolicyTypes().isEmpty()) {
            return policy.getSpec().getPolicyTypes();
        }
        return policy.getSpec().getEgress() == null || policy.getSpec().getEgress().isEmpty() ? List.of("Ingress") : List.of("Ingress", "Egress");
    }

    /** Whether peers (no peers: everybody) take in a pod of this namespace with these labels. */
    private static boolean matches(List<NetworkPolicyPeer> peers, Map<String, String> labels) {
        if (peers == null || peers.isEmpty()) {
            return true;
        }
        Map<String, String> ownNamespace = Map.of("kubernetes.io/metadata.name", namespace);
        return peers.stream().anyMatch(peer -> peer.getIpBlock() == null
                && (peer.getNamespaceSelector() == null || selects(peer.getNamespaceSelector(), ownNamespace))
                && (peer.getPodSelector() == null || selects(peer.getPodSelector(), labels))
                && (peer.getPodSelector() != null || peer.getNamespaceSelector() != null));
    }

    /** Whether the ports (none: all) include a TCP port; a named port counts as any (it could be this one). */
    private static boolean opens(List<NetworkPolicyPort> ports, int port) {
        return ports == null || ports.isEmpty() || ports.stream().anyMatch(p -> (p.getProtocol() == null || "TCP".equals(p.getProtocol()))
                && (p.getPort() == null || p.getPort().getIntVal() == null
                || (p.getEndPort() == null ? p.getPort().getIntVal() == port : p.getPort().getIntVal() <= port && port <= p.getEndPort())));
    }

    /** Kubernetes label-selector semantics (an empty selector selects everything). */
    private static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        if (selector.getMatchLabels() != null
                && !selector.getMatchLabels().entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
            return false;
        }
        return selector.getMatchExpressions() == null || selector.getMatchExpressions().stream().allMatch(r -> holds(r, labels));
    }

    private static boolean holds(LabelSelectorRequirement requirement, Map<String, String> labels) {
        String value = labels.get(requirement.getKey());
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        return switch (requirement.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> throw new AssertionError("unknown selector operator " + requirement.getOperator());
        };
    }

    private static List<NetworkPolicy> policies(List<Manifest> objects) {
        return objects.stream().map(Manifest::object).filter(NetworkPolicy.class::isInstance).map(NetworkPolicy.class::cast).toList();
    }

    /** A service's pod labels, from its Deployment in k8s/. */
    private static Map<String, String> podLabels(String service) {
        return deployment(service).getSpec().getTemplate().getMetadata().getLabels();
    }

    private static Deployment deployment(String service) {
        return all.stream().map(Manifest::object).filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .filter(d -> d.getMetadata().getName().equals(service)).findFirst()
                .orElseThrow(() -> new AssertionError("a Deployment " + service));
    }

    /** The Secret the transaction-service reads its database password from. */
    private static String passwordSecret(List<Manifest> objects) {
        List<EnvVar> env = deployment(SERVICE).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        return env.stream().filter(e -> e.getName().equals("QUARKUS_DATASOURCE_PASSWORD")).findFirst()
                .map(e -> e.getValueFrom().getSecretKeyRef().getName())
                .orElseThrow(() -> new AssertionError(SERVICE + " reads QUARKUS_DATASOURCE_PASSWORD from a Secret"));
    }

    private static Map<String, String> config(List<Manifest> objects) {
        return objects.stream().map(Manifest::object).filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                .filter(c -> c.getMetadata().getName().equals(SERVICE + "-config")).findFirst()
                .orElseThrow(() -> new AssertionError("the ConfigMap " + SERVICE + "-config")).getData();
    }

    /** Every manifest, with one file's objects replaced by those parsed from {@code yaml}. */
    private static List<Manifest> replace(Path file, String yaml) {
        Path replaced = file.toAbsolutePath().normalize();
        List<Manifest> objects = new ArrayList<>(all.stream().filter(m -> !m.source().toAbsolutePath().normalize().equals(replaced)).toList());
        assertEquals(all.size(), objects.size() + Manifests.parse(file, Files.exists(file) ? read(file) : "").size(), "replaced " + file);
        objects.addAll(Manifests.parse(file, yaml));
        return objects;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code text} with the first {@code from} after {@code anchor} replaced; fails if either is missing. */
    private static String replaceFirstAfter(String text, String anchor, String from, String to) {
        int start = text.indexOf(anchor);
        assertTrue(start >= 0, "no " + anchor.strip());
        int at = text.indexOf(from, start);
        assertTrue(at >= 0, "no " + from.strip() + " after " + anchor.strip());
        return text.substring(0, at) + to + text.substring(at + from.length());
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

    private static int number(Object value) {
        assertTrue(value instanceof Number, "a number: " + value);
        return ((Number) value).intValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> found ? (Map<String, Object>) found : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return value instanceof List<?> found ? (List<Map<String, Object>>) found : List.of();
    }
}
