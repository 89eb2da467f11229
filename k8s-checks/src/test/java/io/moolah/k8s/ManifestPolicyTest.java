package io.moolah.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.moolah.k8s.Manifests.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The manifests in k8s/: they parse into typed objects, carry no unknown field, and keep the deployment policy. */
class ManifestPolicyTest {
    static final List<String> SERVICES = List.of("account-service", "transaction-service", "payment-gateway-service",
            "cache-service", "gateway");

    @Test
    void everyManifestParsesIntoKnownKubernetesObjectsWithoutUnknownFields() throws IOException {
        List<Manifest> all = Manifests.loadAll(Manifests.root());
        assertTrue(all.size() > 40, "found " + all.size() + " objects");
        List<String> problems = new ArrayList<>();
        for (Manifest manifest : all) {
            HasMetadata object = manifest.object();
            if (Manifests.isGeneric(object)) {
                if (!Manifests.OPERATOR_GROUPS.contains(Manifests.group(object))) {
                    problems.add(manifest.describe() + ": not a Kubernetes kind nor one of our operators' (" + object.getApiVersion() + ")");
                }
                continue;
            }
            Manifests.unknownFields(object).forEach(field -> problems.add(manifest.describe() + ": unknown field " + field));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theCheckCatchesATypo() {
        String yaml = """
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: x}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: x}
                  minReplicas: 2
                  maxReplicass: 10
                ---
                apiVersion: apps/v1
                kind: Deplyment
                metadata: {name: y}
                """;
        List<Manifest> parsed = Manifests.parse(Path.of("inline"), yaml);
        assertEquals(List.of("spec.maxReplicass"), Manifests.unknownFields(parsed.get(0).object()));
        assertTrue(Manifests.isGeneric(parsed.get(1).object()), "an unknown kind is not typed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"account-service", "transaction-service", "payment-gateway-service", "cache-service", "gateway"})
    void eachServiceKeepsThePolicy(String service) throws IOException {
        assertPolicy(service, Manifests.loadAll(Manifests.root().resolve(service)));
    }

    @Test
    void theNamespaceDeniesAllTrafficByDefault() throws IOException {
        NetworkPolicy deny = Manifests.load(Manifests.root().resolve("base/network-policy.yaml")).stream()
                .map(Manifest::object).filter(NetworkPolicy.class::isInstance).map(NetworkPolicy.class::cast)
                .findFirst().orElseThrow();
        assertTrue(deny.getSpec().getPodSelector().getMatchLabels() == null || deny.getSpec().getPodSelector().getMatchLabels().isEmpty());
        assertEquals(List.of("Ingress", "Egress"), deny.getSpec().getPolicyTypes());
        assertTrue(deny.getSpec().getIngress() == null || deny.getSpec().getIngress().isEmpty());
        assertTrue(deny.getSpec().getEgress() == null || deny.getSpec().getEgress().isEmpty());
    }

    @Test
    void noSecretIsCommittedWithValues() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Manifest manifest : Manifests.loadAll(Manifests.root())) {
            if (manifest.object() instanceof Secret secret
                    && (secret.getData() != null && !secret.getData().isEmpty() || secret.getStringData() != null && !secret.getStringData().isEmpty())) {
                problems.add(manifest.describe() + " carries values");
            }
            if (manifest.object() instanceof ConfigMap config && config.getData() != null) {
                config.getData().forEach((key, value) -> {
                    if (key.matches("(?i).*(PASSWORD|SECRET|_PIN|TOKEN|PRIVATE_KEY)$")) {
                        problems.add(manifest.describe() + ": " + key + " belongs in a Secret");
                    }
                });
            }
        }
        for (Path file : Manifests.files(Manifests.root())) {
            String text = Files.readString(file);
            // PEM armour, spelt in two parts so this file itself does not look like key material to scanners.
            if (text.contains("-----BEGIN " + "PRIVATE KEY") || text.contains("-----BEGIN RSA " + "PRIVATE KEY")
                    || text.contains("-----BEGIN " + "CERTIFICATE")) {
                problems.add(file + " contains key material");
            }
        }
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod", "account-service", "transaction-service",
            "payment-gateway-service", "cache-service", "gateway", "infrastructure", "monitoring", "tracing"})
    void rendersWithKustomizeAndTheRenderedOverlaysKeepThePolicy(String directory) throws Exception {
        assumeTrue(kubectlPresent(), "kubectl is not installed: rendering is checked where it is");
        Path output = Files.createTempFile("kustomize", ".yaml");
        try {
            ProcessBuilder kustomize = new ProcessBuilder("kubectl", "kustomize", Manifests.root().resolve(directory).toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            // kubectl kustomize renders offline; an empty kubeconfig makes sure it never talks to any server.
            kustomize.environment().put("KUBECONFIG", "/dev/null");
            Process process = kustomize.start();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize timed out");
            String rendered = Files.readString(output);
            assertEquals(0, process.exitValue(), rendered);
            List<Manifest> objects = Manifests.parse(Path.of(directory + " (rendered)"), rendered);
            assertFalse(objects.isEmpty());
            objects.stream().filter(m -> !(m.object() instanceof io.fabric8.kubernetes.api.model.Namespace))
                    .forEach(m -> assertEquals("moolah", m.object().getMetadata().getNamespace(), m.describe()));
            if (directory.startsWith("overlays/")) {
                for (String service : SERVICES) {
                    assertPolicy(service, objects);
                }
            } else if (SERVICES.contains(directory)) {
                assertPolicy(directory, objects);
            }
            if (directory.equals("gateway") || directory.startsWith("overlays/")) {
                // Quarkus declares its HTTP port on every container; the gateway's listens only on its own HTTPS port
                // and Quarkus's management port (k8s/gateway/kustomization.yaml removes the other).
                Deployment gateway = one(objects, Deployment.class, "gateway");
                assertEquals(List.of("https", "management"), gateway.getSpec().getTemplate().getSpec().getContainers().get(0)
                        .getPorts().stream().map(io.fabric8.kubernetes.api.model.ContainerPort::getName).toList());
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static boolean kubectlPresent() {
        try {
            Process probe = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return probe.waitFor(20, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** The policy for one service's Deployment among {@code objects}. */
    static void assertPolicy(String service, List<Manifest> objects) {
        Deployment deployment = one(objects, Deployment.class, service);
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertEquals(null, deployment.getSpec().getReplicas(), service + ": replicas are left to the HPA");

        HorizontalPodAutoscaler hpa = objects.stream().map(Manifest::object).filter(HorizontalPodAutoscaler.class::isInstance)
                .map(HorizontalPodAutoscaler.class::cast)
                .filter(h -> h.getSpec().getScaleTargetRef().getName().equals(service)
                        && "Deployment".equals(h.getSpec().getScaleTargetRef().getKind()))
                .findFirst().orElseThrow(() -> new AssertionError(service + " has no HPA"));
        assertEquals(2, hpa.getSpec().getMinReplicas(), service);
        assertEquals(10, hpa.getSpec().getMaxReplicas(), service);
        var settings = HpaSimulator.settingsOf(hpa);
        assertEquals(70, settings.targetUtilization(), service + ": scale up at 70% CPU");
        assertTrue(settings.scaleDown().stabilizationWindowSeconds() >= 300, service + ": scale down only on sustained low load");

        var pod = deployment.getSpec().getTemplate().getSpec();
        assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), service + ": no service-account token");
        assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot(), service + ": non-root");
        for (Container container : pod.getContainers()) {
            String where = service + "/" + container.getName();
            assertTrue(container.getResources().getRequests().containsKey("cpu"), where + ": a CPU request (what the HPA measures)");
            assertTrue(container.getResources().getRequests().containsKey("memory"), where + ": a memory request");
            assertTrue(container.getResources().getLimits().containsKey("memory"), where + ": a memory limit");
            assertTrue(container.getResources().getLimits().containsKey("cpu"), where + ": a CPU limit");
            assertProbe(container.getStartupProbe(), "/q/health/started", where);
            assertProbe(container.getLivenessProbe(), "/q/health/live", where);
            assertProbe(container.getReadinessProbe(), "/q/health/ready", where);
            var security = container.getSecurityContext();
            assertEquals(Boolean.FALSE, security.getAllowPrivilegeEscalation(), where);
            assertEquals(Boolean.TRUE, security.getReadOnlyRootFilesystem(), where);
            assertEquals(List.of("ALL"), security.getCapabilities().getDrop(), where);
            assertFalse(container.getImage().endsWith(":latest") || !container.getImage().contains(":"), where + ": a version-tagged image");
        }

        PodDisruptionBudget budget = objects.stream().map(Manifest::object).filter(PodDisruptionBudget.class::isInstance)
                .map(PodDisruptionBudget.class::cast)
                .filter(pdb -> selects(pdb.getSpec().getSelector().getMatchLabels(), podLabels)).findFirst()
                .orElseThrow(() -> new AssertionError(service + " has no PodDisruptionBudget"));
        assertTrue(budget.getSpec().getMinAvailable() != null || budget.getSpec().getMaxUnavailable() != null);

        assertTrue(objects.stream().map(Manifest::object).filter(NetworkPolicy.class::isInstance).map(NetworkPolicy.class::cast)
                        .anyMatch(policy -> policy.getSpec().getPodSelector().getMatchLabels() != null
                                && !policy.getSpec().getPodSelector().getMatchLabels().isEmpty()
                                && selects(policy.getSpec().getPodSelector().getMatchLabels(), podLabels)),
                service + " has no NetworkPolicy of its own");
    }

    private static void assertProbe(Probe probe, String path, String where) {
        assertTrue(probe != null && probe.getHttpGet() != null, where + ": needs an HTTP probe on " + path);
        assertEquals(path, probe.getHttpGet().getPath(), where);
    }

    private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private static <T extends HasMetadata> T one(List<Manifest> objects, Class<T> type, String name) {
        List<T> found = objects.stream().map(Manifest::object).filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).toList();
        assertEquals(1, found.size(), "one " + type.getSimpleName() + " named " + name);
        return found.get(0);
    }
}
