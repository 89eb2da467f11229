package io.moolah.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.moolah.k8s.Manifests.Manifest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What quarkus-kubernetes generates for each service at package ({@code <service>/target/kubernetes/kubernetes.yml},
 * docs/generated-kubernetes.md): it keeps the deployment policy, holds nothing we do not deploy, and is exactly what
 * {@code k8s/<service>/kubernetes.yml} holds, so the other tests here, which read k8s/, check the generated resources.
 * {@code -Dk8s.update=true} copies the generated file over the committed one (and fails once, so a change is always a
 * reviewed diff). A service that was not packaged fails under CI ({@code MOOLAH_CI=true}) and is skipped elsewhere.
 */
class GeneratedManifestPolicyTest {
    /** What the generator may write: the rest (NetworkPolicies) stays hand-written in k8s/. */
    private static final Set<String> GENERATED_KINDS = Set.of("ServiceAccount", "ConfigMap", "Deployment", "Service",
            "HorizontalPodAutoscaler", "PodDisruptionBudget");
    /** Metadata that differs from build to build or names the build's repository (idempotent and vcs-uri turn it off). */
    private static final List<String> UNSTABLE_METADATA = List.of("app.quarkus.io/build-timestamp",
            "app.quarkus.io/commit-id", "app.quarkus.io/vcs-uri", "app.quarkus.io/vcs-url", "app.kubernetes.io/version");

    @ParameterizedTest
    @ValueSource(strings = {"account-service", "transaction-service", "payment-gateway-service", "cache-service", "gateway"})
    void theCommittedCopyIsTheGeneratedOutput(String service) throws IOException {
        String generated = Files.readString(generated(service), StandardCharsets.UTF_8);
        Path committed = committed(service);
        if (Boolean.getBoolean("k8s.update")) {
            Files.writeString(committed, generated, StandardCharsets.UTF_8);
            fail("Wrote " + committed + ": review the diff, then run again without -Dk8s.update");
        }
        String expected = Files.exists(committed) ? Files.readString(committed, StandardCharsets.UTF_8) : "";
        assertTrue(expected.equals(generated), committed + " is not what " + service + " generates ("
                + firstDifference(expected, generated) + "); if the change is meant, copy it with -Dk8s.update=true");
    }

    @ParameterizedTest
    @ValueSource(strings = {"account-service", "transaction-service", "payment-gateway-service", "cache-service", "gateway"})
    void theGeneratedResourcesKeepThePolicy(String service) throws IOException {
        List<Manifest> objects = new ArrayList<>(Manifests.load(generated(service)));
        List<String> problems = new ArrayList<>();
        for (Manifest manifest : objects) {
            if (Manifests.isGeneric(manifest.object())) {
                problems.add(manifest.describe() + ": not a Kubernetes kind");
            }
            Manifests.unknownFields(manifest.object()).forEach(field -> problems.add(manifest.describe() + ": unknown field " + field));
        }
        assertEquals(List.of(), problems);
        objects.addAll(Manifests.load(committed(service).resolveSibling("networkpolicy.yaml")));
        ManifestPolicyTest.assertPolicy(service, objects);
    }

    @ParameterizedTest
    @ValueSource(strings = {"account-service", "transaction-service", "payment-gateway-service", "cache-service", "gateway"})
    void theGeneratedResourcesHoldNothingElse(String service) throws IOException {
        List<String> problems = new ArrayList<>();
        for (Manifest manifest : Manifests.load(generated(service))) {
            HasMetadata object = manifest.object();
            if (!GENERATED_KINDS.contains(object.getKind())) {
                // a Flyway Job, a Role for its wait-for init container, a ServiceMonitor, or a NetworkPolicy whose peers
                // the generator would relabel
                problems.add(manifest.describe() + ": not a kind we generate");
            }
            Map<String, String> annotations = object.getMetadata().getAnnotations();
            Map<String, String> labels = object.getMetadata().getLabels();
            for (String unstable : UNSTABLE_METADATA) {
                if (annotations != null && annotations.containsKey(unstable) || labels != null && labels.containsKey(unstable)) {
                    problems.add(manifest.describe() + ": " + unstable + " changes from build to build");
                }
            }
            if (object instanceof Deployment deployment) {
                var pod = deployment.getSpec().getTemplate().getSpec();
                if (pod.getInitContainers() != null && !pod.getInitContainers().isEmpty()) {
                    problems.add(manifest.describe() + ": init containers (init-task-defaults must stay off)");
                }
                if (deployment.getSpec().getTemplate().getMetadata().getAnnotations() != null
                        && deployment.getSpec().getTemplate().getMetadata().getAnnotations().keySet().stream().anyMatch(k -> k.startsWith("prometheus.io/"))) {
                    problems.add(manifest.describe() + ": Prometheus annotations (k8s/monitoring has the ServiceMonitors)");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    /** A rollout adds one pod before it takes one away; the API server rejects a string that is not a percentage. */
    @ParameterizedTest
    @ValueSource(strings = {"account-service", "transaction-service", "payment-gateway-service", "cache-service", "gateway"})
    void aRolloutNeverDropsBelowTheCurrentPods(String service) throws IOException {
        Deployment deployment = Manifests.load(generated(service)).stream().map(Manifest::object)
                .filter(Deployment.class::isInstance).map(Deployment.class::cast).findFirst().orElseThrow();
        var strategy = deployment.getSpec().getStrategy();
        assertNotNull(strategy, service + ": a rolling-update strategy");
        assertEquals("RollingUpdate", strategy.getType(), service);
        assertEquals(new IntOrString(1), strategy.getRollingUpdate().getMaxSurge(), service + ": maxSurge is the number 1");
        assertEquals(new IntOrString(0), strategy.getRollingUpdate().getMaxUnavailable(), service + ": maxUnavailable is the number 0");
    }

    /** {@code <service>/target/kubernetes/kubernetes.yml}; fails under CI when it is missing, else skips the test. */
    static Path generated(String service) {
        Path file = Manifests.root().toAbsolutePath().getParent().resolve(service).resolve(Path.of("target", "kubernetes", "kubernetes.yml"));
        if (!Files.isRegularFile(file)) {
            String message = file + " is missing: package " + service + " first (mvn -pl " + service + " package)";
            if ("true".equals(System.getenv("MOOLAH_CI"))) {
                fail(message);
            }
            assumeTrue(false, message);
        }
        return file;
    }

    static Path committed(String service) {
        return Manifests.root().resolve(service).resolve("kubernetes.yml");
    }

    private static String firstDifference(String expected, String actual) {
        String[] left = expected.split("\n", -1);
        String[] right = actual.split("\n", -1);
        for (int i = 0; i < Math.max(left.length, right.length); i++) {
            String committedLine = i < left.length ? left[i] : "<end of file>";
            String generatedLine = i < right.length ? right[i] : "<end of file>";
            if (!committedLine.equals(generatedLine)) {
                return "line " + (i + 1) + ": committed <" + committedLine.strip() + "> but generated <" + generatedLine.strip() + ">";
            }
        }
        return "no line differs";
    }
}
