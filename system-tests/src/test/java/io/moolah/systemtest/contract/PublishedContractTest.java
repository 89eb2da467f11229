package io.moolah.systemtest.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.moolah.localstack.Platform;
import io.moolah.localstack.testing.PlatformExtension;
import io.moolah.localstack.testing.PlatformExtension.RunningPlatform;
import io.moolah.systemtest.GatewayClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The committed contract is what the running services serve (docs/contract.md): built again from their own documents,
 * it must be the same, field for field. {@code -Dcontract.update=true} writes it instead (and fails once, so a changed
 * contract is always a reviewed diff).
 */
@ExtendWith(PlatformExtension.class)
class PublishedContractTest {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static Path committedContract() {
        return RunningPlatform.projectRoot().resolve("gateway/src/main/resources/contract/openapi.json");
    }

    @Test
    void theCommittedContractIsWhatTheServicesServe(RunningPlatform platform) throws IOException {
        Platform.ServicePorts ports = platform.platform().ports();
        Map<String, Integer> services = new LinkedHashMap<>();
        services.put("account-service", ports.account());
        services.put("transaction-service", ports.transaction());
        services.put("payment-gateway-service", ports.payment());
        services.put("cache-service", ports.cache());
        ContractBuilder builder = new ContractBuilder();
        services.forEach((service, port) -> builder.add(service, serviceDocument(port)));
        JsonNode built = builder.build();

        Path committed = committedContract();
        if (Boolean.getBoolean("contract.update")) {
            Files.writeString(committed, JSON.writeValueAsString(built) + "\n", StandardCharsets.UTF_8);
            fail("Wrote " + committed + ": review the diff, then run again without -Dcontract.update");
        }
        JsonNode expected = JSON.readTree(Files.readString(committed, StandardCharsets.UTF_8));
        List<String> differences = new ArrayList<>();
        differences(expected, built, "", differences);
        assertTrue(differences.isEmpty(), "The services no longer serve the committed contract (" + differences.size()
                + " differences; if the change is meant, regenerate it as docs/contract.md says):\n  "
                + String.join("\n  ", differences.subList(0, Math.min(30, differences.size()))));
    }

    @Test
    void theGatewayPublishesTheContractAndItsPage(RunningPlatform platform) throws IOException {
        GatewayClient client = new GatewayClient(platform.gatewayUrl(), platform.gatewayCertificate());

        GatewayClient.Reply document = client.get("/openapi.json");
        assertEquals(200, document.status(), document.body());
        assertTrue(JSON.readTree(Files.readString(committedContract(), StandardCharsets.UTF_8)).equals(document.json()),
                "the gateway serves the committed contract, without a token");
        assertTrue(document.header("Content-Type").startsWith("application/json"), document.header("Content-Type"));
        String etag = document.header("ETag");
        assertEquals(304, client.send("GET", "/openapi.json", null, Map.of("If-None-Match", etag)).status(),
                "a client that has it gets 304");

        GatewayClient.Reply page = client.getPage("/api/docs", Map.of());
        assertEquals(200, page.status(), page.body());
        assertTrue(page.header("Content-Type").startsWith("text/html"), page.header("Content-Type"));
        assertTrue(page.header("Content-Security-Policy").contains("script-src 'self'"), page.header("Content-Security-Policy"));
        java.util.regex.Matcher bundle = java.util.regex.Pattern.compile("src=\"(/api/docs/swagger-ui-bundle\\.[A-Za-z0-9_-]+\\.js)\"")
                .matcher(page.body());
        assertTrue(bundle.find(), page.body());
        GatewayClient.Reply script = client.getPage(bundle.group(1), Map.of("Accept-Encoding", "gzip"));
        assertEquals(200, script.status());
        assertTrue(script.header("Content-Type").startsWith("text/javascript"), script.header("Content-Type"));
        assertEquals("gzip", script.header("Content-Encoding"));
        assertTrue(script.header("Cache-Control").contains("immutable"), "a hashed name is cached for good");
        assertEquals(404, client.getPage("/api/docs/../../etc/passwd", Map.of()).status(), "nothing outside the pages");
        assertEquals(404, client.getPage("/api/docs/nothing.js", Map.of()).status());
    }

    private static JsonNode serviceDocument(int port) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/openapi?format=json"))
                .timeout(Duration.ofSeconds(15)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("no document from port " + port, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every JSON pointer where the two documents differ. */
    static void differences(JsonNode expected, JsonNode actual, String at, List<String> out) {
        if (expected.isObject() && actual.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String here = at + "/" + name.replace("~", "~0").replace("/", "~1");
                if (!expected.has(name)) {
                    out.add(here + ": served but not in the committed contract");
                } else if (!actual.has(name)) {
                    out.add(here + ": in the committed contract but not served");
                } else {
                    differences(expected.get(name), actual.get(name), here, out);
                }
            }
            return;
        }
        if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            Iterator<JsonNode> e = expected.elements();
            Iterator<JsonNode> a = actual.elements();
            for (int i = 0; e.hasNext(); i++) {
                differences(e.next(), a.next(), at + "/" + i, out);
            }
            return;
        }
        if (!expected.equals(actual)) {
            out.add(at + ": committed " + expected + ", served " + actual);
        }
    }
}
