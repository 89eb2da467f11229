package io.moolah.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The manifests under {@code k8s/}, parsed into fabric8's typed Kubernetes objects without any cluster. Custom
 * resources of the operators we use (Strimzi, CloudNativePG, redis-operator, Prometheus Operator, OpenTelemetry
 * Operator, Tempo Operator) stay generic;
 * anything else that does not map to a known type is an error, and so is a field the typed model does not know.
 */
public final class Manifests {
    /** API groups whose kinds are the operators' custom resources, not part of the Kubernetes model. */
    public static final Set<String> OPERATOR_GROUPS = Set.of("kafka.strimzi.io", "postgresql.cnpg.io",
            "redis.redis.opstreelabs.in", "monitoring.coreos.com", "opentelemetry.io", "tempo.grafana.com");

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Manifests() {
    }

    /** A parsed object and where it came from. */
    public record Manifest(Path source, HasMetadata object) {
        public String describe() {
            return object.getKind() + "/" + object.getMetadata().getName() + " (" + source + ")";
        }
    }

    /** The k8s/ folder: from {@code -Dmoolah.k8s.dir}, else ../k8s or ./k8s. */
    public static Path root() {
        String configured = System.getProperty("moolah.k8s.dir");
        if (configured != null) {
            return Path.of(configured);
        }
        return Files.isDirectory(Path.of("k8s")) ? Path.of("k8s") : Path.of("..", "k8s");
    }

    /** Every YAML file under {@code directory} except kustomizations (kustomize's own format, checked by rendering). */
    public static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .filter(p -> !p.getFileName().toString().equals("kustomization.yaml"))
                    .sorted().toList();
        }
    }

    public static List<Manifest> load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(file, in);
        }
    }

    public static List<Manifest> parse(Path source, String yaml) {
        return parse(source, new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Manifest> parse(Path source, InputStream in) {
        Object parsed = SERIALIZATION.unmarshal(in);
        List<Manifest> manifests = new ArrayList<>();
        if (parsed instanceof Collection<?> items) {
            for (Object item : items) {
                manifests.add(new Manifest(source, (HasMetadata) item));
            }
        } else if (parsed instanceof HasMetadata single) {
            manifests.add(new Manifest(source, single));
        }
        return manifests;
    }

    public static List<Manifest> loadAll(Path directory) throws IOException {
        List<Manifest> all = new ArrayList<>();
        for (Path file : files(directory)) {
            all.addAll(load(file));
        }
        return all;
    }

    /** Whether the object parsed as a generic resource (no typed model for its kind). */
    public static boolean isGeneric(HasMetadata object) {
        return object instanceof GenericKubernetesResource;
    }

    public static String group(HasMetadata object) {
        String apiVersion = object.getApiVersion();
        return apiVersion != null && apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    }

    /**
     * Fields the typed model did not recognise, as paths such as {@code spec.maxReplicass}. fabric8 keeps them in
     * each object's {@code additionalProperties} instead of failing, so this walks the whole object graph.
     */
    public static List<String> unknownFields(Object object) {
        List<String> found = new ArrayList<>();
        walk(object, "", found);
        return found;
    }

    private static void walk(Object value, String path, List<String> found) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Enum<?>) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", found);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> walk(item, path + "." + key, found));
            return;
        }
        if (!(value instanceof KubernetesResource) || !value.getClass().getPackageName().startsWith("io.fabric8")) {
            return;
        }
        for (Method method : value.getClass().getMethods()) {
            if (method.getParameterCount() != 0 || method.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = method.getName();
            try {
                if (name.equals("getAdditionalProperties")) {
                    Map<?, ?> extra = (Map<?, ?>) method.invoke(value);
                    if (extra != null) {
                        extra.keySet().forEach(key -> found.add((path.isEmpty() ? "" : path.substring(1) + ".") + key));
                    }
                } else if (name.startsWith("get") && name.length() > 3) {
                    Object child = method.invoke(value);
                    String field = Character.toLowerCase(name.charAt(3)) + name.substring(4);
                    walk(child, path + "." + field, found);
                }
            } catch (ReflectiveOperationException | ClassCastException e) {
                // not a plain property
            }
        }
    }
}
