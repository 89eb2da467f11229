package io.moolah.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The alert rules of k8s/monitoring/prometheusrule.yaml as Prometheus reads them: {@code promtool check rules} on the
 * rule groups, then {@code promtool test rules} on the unit tests in src/test/promtool, where every alert is fed series
 * above and just under its threshold. promtool comes from Debian's {@code prometheus} package, which {@code .ci/run}
 * installs: under CI ({@code MOOLAH_CI=true}) a missing promtool fails; elsewhere these tests are skipped with the
 * command that installs it (the README's test command needs only a JDK and Maven).
 */
class AlertRulesTest {
    private static final Path TESTS = Path.of("src", "test", "promtool");
    private static final Path WORK = Path.of("target", "promtool");
    private static final String TEST_FILE = "alert-rules.test.yaml";
    private static final long PROMTOOL_TIMEOUT_SECONDS = 120;

    private static Path promtool;

    @BeforeAll
    static void findPromtool() {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, "promtool");
            if (Files.isExecutable(candidate)) {
                promtool = candidate;
                return;
            }
        }
        String missing = "promtool is not on the PATH: apt-get install -y prometheus (Debian's package brings promtool)";
        if ("true".equals(System.getenv("MOOLAH_CI"))) {
            fail(missing);
        }
        Assumptions.abort(missing);
    }

    @Test
    void theRulesAreValidAndPassTheirUnitTests() throws IOException, InterruptedException {
        Files.createDirectories(WORK);
        Files.writeString(WORK.resolve("alert-rules.yaml"), ruleGroupsYaml());
        Files.copy(TESTS.resolve(TEST_FILE), WORK.resolve(TEST_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertPromtool("check", "rules", "alert-rules.yaml");
        assertPromtool("test", "rules", TEST_FILE);
    }

    @Test
    void everyAlertHasATestAndEveryTestAnAlert() throws IOException {
        Set<String> alerts = new TreeSet<>();
        Matcher rule = Pattern.compile("(?m)^\\s*- alert: (\\w+)").matcher(Files.readString(prometheusRule()));
        while (rule.find()) {
            alerts.add(rule.group(1));
        }
        Set<String> tested = new TreeSet<>();
        Matcher test = Pattern.compile("alertname: (\\w+)").matcher(Files.readString(TESTS.resolve(TEST_FILE)));
        while (test.find()) {
            tested.add(test.group(1));
        }
        assertTrue(alerts.size() >= 12, "alerts found: " + alerts);
        assertEquals(alerts, tested, "alerts in prometheusrule.yaml against alerts the promtool tests evaluate");
    }

    private static Path prometheusRule() {
        return Manifests.root().resolve("monitoring").resolve("prometheusrule.yaml");
    }

    /** The PrometheusRule's {@code spec.groups}, as a plain Prometheus rule file. */
    @SuppressWarnings("unchecked")
    private static String ruleGroupsYaml() throws IOException {
        List<Manifests.Manifest> manifests = Manifests.load(prometheusRule());
        assertEquals(1, manifests.size());
        GenericKubernetesResource rule = (GenericKubernetesResource) manifests.get(0).object();
        Map<String, Object> spec = (Map<String, Object>) rule.getAdditionalProperties().get("spec");
        return new KubernetesSerialization().asYaml(Map.of("groups", spec.get("groups")));
    }

    private static void assertPromtool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(promtool.toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true).start();
        if (!process.waitFor(PROMTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " ran past " + PROMTOOL_TIMEOUT_SECONDS + " s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println(String.join(" ", command) + "\n" + output);
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + output);
    }
}
