package io.moolah.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tracing (k8s/tracing): the services send their spans over OTLP to the OpenTelemetry Collector's Service, the
 * collector receives OTLP gRPC and HTTP, limits its memory, batches and exports to the Service the TempoMonolithic
 * yields, Tempo keeps them 7 days on a PersistentVolume, and the NetworkPolicies (the namespace denies by default)
 * open exactly those paths. The operators' custom resources parse as generic resources, so this reads their specs as
 * maps. Names and labels of what the operators make from them, as the operators' sources define them:
 * <ul>
 *   <li>OpenTelemetry Operator: Service {@code <name>-collector}; pods labelled with the CR's labels, overridden by
 *   {@code app.kubernetes.io/managed-by=opentelemetry-operator}, {@code app.kubernetes.io/instance=<ns>.<name>},
 *   {@code app.kubernetes.io/part-of=opentelemetry}, {@code app.kubernetes.io/component=opentelemetry-collector}, and
 *   {@code app.kubernetes.io/name=<name>-collector} unless the CR sets that label.</li>
 *   <li>Tempo Operator (TempoMonolithic): Service {@code tempo-<name>} with the query API on 3200 and OTLP gRPC on
 *   4317; pods labelled {@code app.kubernetes.io/name=tempo-monolithic}, {@code app.kubernetes.io/instance=<name>},
 *   {@code app.kubernetes.io/managed-by=tempo-operator}, {@code app.kubernetes.io/component=tempo}.</li>
 * </ul>
 */
class TracingManifestTest {
    private static final int OTLP_GRPC = 4317;
    private static final int OTLP_HTTP = 4318;

    private static List<Manifest> all;
    private static String namespace;
    private static GenericKubernetesResource collector;
    private static GenericKubernetesResource tempo;

    @BeforeAll
    static void load() throws IOException {
        all = Manifests.loadAll(Manifests.root());
        Map<String, Object> kustomization = yaml("tracing/kustomization.yaml");
        namespace = (String) kustomization.get("namespace");
        assertNotNull(namespace, "k8s/tracing/kustomization.yaml sets the namespace");
        collector = one("opentelemetry.io/v1beta1", "OpenTelemetryCollector");
        tempo = one("tempo.grafana.com/v1alpha1", "TempoMonolithic");
    }

    @Test
    void theBaseDeploysTracing() throws IOException {
        assertTrue(list(yaml("base/kustomization.yaml").get("resources")).contains("../tracing"),
                "k8s/base/kustomization.yaml lists ../tracing");
    }

    @Test
    void theCollectorRunsTwoReplicasWithRequestsAndLimits() {
        Map<String, Object> spec = spec(collector);
        assertEquals("deployment", spec.get("mode"));
        assertEquals(2, ((Number) spec.get("replicas")).intValue());
        Map<String, Object> resources = map(spec.get("resources"));
        for (String kind : List.of("requests", "limits")) {
            assertTrue(map(resources.get(kind)).keySet().containsAll(Set.of("cpu", "memory")), "collector " + kind + ": cpu and memory");
        }
    }

    @Test
    void theCollectorReceivesOtlpLimitsMemoryBatchesAndExportsToTempo() {
        Map<String, Object> config = map(spec(collector).get("config"));
        Map<String, Object> protocols = map(map(map(config.get("receivers")).get("otlp")).get("protocols"));
        assertTrue(protocols.containsKey("grpc") && protocols.containsKey("http"), "OTLP over gRPC and HTTP: " + protocols.keySet());
        assertListensOn(map(protocols.get("grpc")), OTLP_GRPC);
        assertListensOn(map(protocols.get("http")), OTLP_HTTP);
        assertTrue(map(config.get("processors")).keySet().containsAll(Set.of("memory_limiter", "batch")));

        Map<String, Object> traces = map(map(map(config.get("service")).get("pipelines")).get("traces"));
        assertTrue(list(traces.get("receivers")).stream().anyMatch(id -> type(id).equals("otlp")), "the traces pipeline receives OTLP");
        List<Object> processors = list(traces.get("processors"));
        assertEquals("memory_limiter", type(processors.get(0)), "memory_limiter comes first: " + processors);
        assertTrue(processors.stream().anyMatch(id -> type(id).equals("batch")), "the traces pipeline batches: " + processors);

        List<Object> exporters = list(traces.get("exporters"));
        assertFalse(exporters.isEmpty());
        Map<String, Object> defined = map(config.get("exporters"));
        for (Object id : exporters) {
            assertEquals("otlp", type(id), "the traces pipeline exports to Tempo only: " + exporters);
            Map<String, Object> exporter = map(defined.get((String) id));
            URI endpoint = endpoint((String) exporter.get("endpoint"));
            assertTrue(serviceHosts("tempo-" + tempo.getMetadata().getName()).contains(endpoint.getHost()),
                    "exports to the Service of the TempoMonolithic: " + exporter.get("endpoint"));
            assertEquals(OTLP_GRPC, endpoint.getPort(), "Tempo's OTLP gRPC port");
            boolean tempoTls = Boolean.TRUE.equals(map(path(spec(tempo), "ingestion", "otlp", "grpc").get("tls")).get("enabled"));
            boolean insecure = Boolean.TRUE.equals(map(exporter.get("tls")).get("insecure")) || "http".equals(endpoint.getScheme());
            assertEquals(!tempoTls, insecure, "the exporter speaks TLS exactly when Tempo's OTLP gRPC ingestion does");
        }
        // The debug exporter is off: in no pipeline.
        map(map(config.get("service")).get("pipelines")).forEach((name, pipeline) ->
                assertTrue(list(map(pipeline).get("exporters")).stream().noneMatch(id -> type(id).equals("debug")), name + " uses the debug exporter"));
    }

    @Test
    void tempoKeepsSevenDaysOnAPersistentVolumeAndIngestsOtlpGrpc() {
        Map<String, Object> spec = spec(tempo);
        Map<String, Object> traces = path(spec, "storage", "traces");
        assertEquals("pv", traces.get("backend"), "persistent storage");
        assertNotNull(traces.get("size"), "a sized volume");
        assertEquals(Boolean.TRUE, path(spec, "ingestion", "otlp", "grpc").get("enabled"), "OTLP gRPC ingestion");
        assertEquals("168h", path(spec, "extraConfig", "tempo", "compactor", "compaction").get("block_retention"), "7 days");
    }

    /** The namespace enforces restricted pod security: the operators' pods must be admitted. */
    @Test
    void bothRunUnderRestrictedPodSecurity() {
        for (GenericKubernetesResource resource : List.of(collector, tempo)) {
            Map<String, Object> pod = map(spec(resource).get("podSecurityContext"));
            assertEquals(Boolean.TRUE, pod.get("runAsNonRoot"), resource.getKind());
            assertEquals("RuntimeDefault", map(pod.get("seccompProfile")).get("type"), resource.getKind());
        }
        // Tempo's operator sets the container's part itself; the collector's is ours to set.
        Map<String, Object> container = map(spec(collector).get("securityContext"));
        assertEquals(Boolean.FALSE, container.get("allowPrivilegeEscalation"));
        assertEquals(List.of("ALL"), list(map(container.get("capabilities")).get("drop")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"account-service", "transaction-service", "payment-gateway-service", "cache-service", "gateway"})
    void everyServiceSendsItsSpansToTheCollector(String service) {
        Map<String, String> config = one(ConfigMap.class, service + "-config").getData();
        String configured = config.get("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        assertNotNull(configured, service + " names the collector");
        URI endpoint = URI.create(configured);
        assertEquals("http", endpoint.getScheme(), service + ": plain OTLP gRPC inside the namespace");
        assertTrue(serviceHosts(collectorService()).contains(endpoint.getHost()), service + " sends to " + collectorService() + ": " + configured);
        assertEquals(OTLP_GRPC, endpoint.getPort(), service);
        assertEquals("true", config.get("QUARKUS_LOG_CONSOLE_JSON_ENABLED"), service + ": JSON logs");
    }

    @ParameterizedTest
    @ValueSource(strings = {"account-service", "transaction-service", "payment-gateway-service", "cache-service", "gateway"})
    void theNetworkPoliciesLetEachServiceReachTheCollector(String service) {
        Map<String, String> pods = one(Deployment.class, service).getSpec().getTemplate().getMetadata().getLabels();
        for (int port : List.of(OTLP_GRPC, OTLP_HTTP)) {
            assertTrue(admits(collectorPods(), pods, port), "a NetworkPolicy admits " + service + " to the collector on " + port);
            assertTrue(letsOut(pods, collectorPods(), port), service + "'s NetworkPolicy lets it reach the collector on " + port);
        }
    }

    @Test
    void theNetworkPoliciesLetTheCollectorReachTempo() {
        assertTrue(admits(tempoPods(), collectorPods(), OTLP_GRPC), "a NetworkPolicy admits the collector to Tempo on 4317");
        assertTrue(letsOut(collectorPods(), tempoPods(), OTLP_GRPC), "a NetworkPolicy lets the collector reach Tempo on 4317");
    }

    /** The checks above see a wrong label or port. */
    @Test
    void theNetworkPolicyCheckIsSelective() {
        Map<String, String> stranger = Map.of("app.kubernetes.io/name", "stranger");
        assertFalse(admits(collectorPods(), stranger, OTLP_GRPC), "nobody else is admitted to the collector");
        assertFalse(admits(collectorPods(), one(Deployment.class, "gateway").getSpec().getTemplate().getMetadata().getLabels(), 8080));
        assertFalse(admits(tempoPods(), stranger, OTLP_GRPC), "nobody else may send to Tempo");
    }

    private static String collectorService() {
        return collector.getMetadata().getName() + "-collector";
    }

    /** The collector pods' labels, as the OpenTelemetry Operator sets them (manifestutils.Labels). */
    private static Map<String, String> collectorPods() {
        Map<String, String> labels = new HashMap<>(collector.getMetadata().getLabels() == null ? Map.of() : collector.getMetadata().getLabels());
        labels.put("app.kubernetes.io/managed-by", "opentelemetry-operator");
        labels.put("app.kubernetes.io/instance", namespace + "." + collector.getMetadata().getName());
        labels.put("app.kubernetes.io/part-of", "opentelemetry");
        labels.put("app.kubernetes.io/component", "opentelemetry-collector");
        labels.putIfAbsent("app.kubernetes.io/name", collectorService());
        return labels;
    }

    /** The Tempo pods' labels, as the Tempo Operator sets them for a TempoMonolithic (monolithic.ComponentLabels). */
    private static Map<String, String> tempoPods() {
        return Map.of("app.kubernetes.io/name", "tempo-monolithic", "app.kubernetes.io/instance", tempo.getMetadata().getName(),
                "app.kubernetes.io/managed-by", "tempo-operator", "app.kubernetes.io/component", "tempo");
    }

    /** A Service's name as a client in the namespace may spell it. */
    private static Set<String> serviceHosts(String service) {
        return Set.of(service, service + "." + namespace, service + "." + namespace + ".svc", service + "." + namespace + ".svc.cluster.local");
    }

    /** Whether a NetworkPolicy selecting {@code target} admits {@code source} on {@code port}, naming it explicitly. */
    private static boolean admits(Map<String, String> target, Map<String, String> source, int port) {
        return policies().stream().filter(p -> selects(p.getSpec().getPodSelector(), target) && types(p).contains("Ingress"))
                .flatMap(p -> p.getSpec().getIngress() == null ? Stream.empty() : p.getSpec().getIngress().stream())
                .anyMatch(rule -> names(rule.getFrom(), source) && opens(rule.getPorts(), port));
    }

    /** Whether a NetworkPolicy selecting {@code source} lets it connect to {@code target} on {@code port}, naming it. */
    private static boolean letsOut(Map<String, String> source, Map<String, String> target, int port) {
        return policies().stream().filter(p -> selects(p.getSpec().getPodSelector(), source) && types(p).contains("Egress"))
                .flatMap(p -> p.getSpec().getEgress() == null ? Stream.empty() : p.getSpec().getEgress().stream())
                .anyMatch(rule -> names(rule.getTo(), target) && opens(rule.getPorts(), port));
    }

    /** policyTypes, or what Kubernetes defaults it to: Ingress, and Egress when there are egress rules. */
    private static List<String> types(NetworkPolicy policy) {
        if (policy.getSpec().getPolicyTypes() != null && !policy.getSpec().getPolicyTypes().isEmpty()) {
            return policy.getSpec().getPolicyTypes();
        }
        return policy.getSpec().getEgress() == null || policy.getSpec().getEgress().isEmpty() ? List.of("Ingress") : List.of("Ingress", "Egress");
    }

    private static List<NetworkPolicy> policies() {
        return all.stream().map(Manifest::object).filter(NetworkPolicy.class::isInstance).map(NetworkPolicy.class::cast).toList();
    }

    /**
     * A peer in the namespace whose pod selector is not empty and selects {@code labels}: an empty selector (every pod,
     * as in the infrastructure's own policy) does not count as admitting a particular workload.
     */
    private static boolean names(List<NetworkPolicyPeer> peers, Map<String, String> labels) {
        return peers != null && peers.stream().anyMatch(peer -> peer.getNamespaceSelector() == null && peer.getIpBlock() == null
                && peer.getPodSelector() != null && !isEmpty(peer.getPodSelector()) && selects(peer.getPodSelector(), labels));
    }

    private static boolean opens(List<NetworkPolicyPort> ports, int port) {
        return ports == null || ports.isEmpty() || ports.stream().anyMatch(p -> (p.getProtocol() == null || "TCP".equals(p.getProtocol()))
                && p.getPort() != null && p.getPort().getIntVal() != null
                && (p.getEndPort() == null ? p.getPort().getIntVal() == port : p.getPort().getIntVal() <= port && port <= p.getEndPort()));
    }

    private static boolean isEmpty(LabelSelector selector) {
        return (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
    }

    /** Kubernetes label-selector semantics: every matchLabels entry and every matchExpressions requirement holds. */
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

    private static void assertListensOn(Map<String, Object> protocol, int port) {
        Object endpoint = protocol.get("endpoint");
        if (endpoint != null) {
            assertEquals(port, endpoint((String) endpoint).getPort(), "receiver endpoint " + endpoint);
        }
    }

    /** An OTLP endpoint, with or without a scheme ({@code host:port} for the gRPC exporter). */
    private static URI endpoint(String endpoint) {
        assertNotNull(endpoint, "an endpoint");
        return URI.create(endpoint.contains("://") ? endpoint : "//" + endpoint);
    }

    /** A pipeline component's type: {@code otlp} of {@code otlp} or {@code otlp/tempo}. */
    private static String type(Object componentId) {
        String id = (String) componentId;
        return id.contains("/") ? id.substring(0, id.indexOf('/')) : id;
    }

    private static GenericKubernetesResource one(String apiVersion, String kind) {
        List<GenericKubernetesResource> found = all.stream().map(Manifest::object)
                .filter(o -> apiVersion.equals(o.getApiVersion()) && kind.equals(o.getKind()))
                .map(o -> {
                    assertTrue(o instanceof GenericKubernetesResource, kind + " is an operator's resource");
                    return (GenericKubernetesResource) o;
                }).toList();
        assertEquals(1, found.size(), "one " + kind + " (" + apiVersion + ")");
        return found.get(0);
    }

    private static <T extends HasMetadata> T one(Class<T> type, String name) {
        List<T> found = all.stream().map(Manifest::object).filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).toList();
        assertEquals(1, found.size(), "one " + type.getSimpleName() + " named " + name);
        return found.get(0);
    }

    private static Map<String, Object> yaml(String file) throws IOException {
        return map(new KubernetesSerialization().unmarshal(Files.readString(Manifests.root().resolve(file)), Map.class));
    }

    private static Map<String, Object> spec(GenericKubernetesResource resource) {
        return map(resource.getAdditionalProperties().get("spec"));
    }

    private static Map<String, Object> path(Map<String, Object> from, String... keys) {
        Map<String, Object> at = from;
        for (String key : keys) {
            at = map(at.get(key));
        }
        return at;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> found ? (Map<String, Object>) found : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value instanceof List<?> found ? (List<Object>) found : List.of();
    }
}
