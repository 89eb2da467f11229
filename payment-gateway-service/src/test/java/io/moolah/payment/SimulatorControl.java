package io.moolah.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moolah.localstack.simulators.PeachSimulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** The tests' hand on the Peach simulator: what the shopper does on the hosted page, and the faults to inject. */
public final class SimulatorControl {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private SimulatorControl() {
    }

    /** Ends a checkout with {@code options} (resultCode, duplicate, outOfOrder, forge, encrypted, amount, delayMs). */
    public static JsonNode outcome(String baseUrl, String checkoutId, Map<String, Object> options) {
        return post(baseUrl + "/__sim/peach/checkouts/" + checkoutId + "/outcome", options);
    }

    public static JsonNode faults(String baseUrl, Map<String, Object> faults) {
        return post(baseUrl + "/__sim/peach/faults", faults);
    }

    /**
     * Opens one more checkout at Peach for one of our references, as the service's own server-to-server call would (a
     * charge the service may never have handed to a shopper); returns its checkout id.
     */
    public static String openCheckout(PeachSimulator peach, String merchantTransactionId, String amount) {
        PeachSimulator.Settings settings = peach.settings();
        String token = post(peach.baseUrl() + "/api/oauth/token", Map.of("clientId", settings.clientId(),
                "clientSecret", settings.clientSecret(), "merchantId", settings.merchantId()), null).path("access_token").asText();
        return post(peach.baseUrl() + "/v2/checkout", Map.of("authentication.entityId", settings.entityId(),
                "merchantTransactionId", merchantTransactionId, "amount", amount, "currency", "ZAR",
                "nonce", UUID.randomUUID().toString().replace("-", ""), "shopperResultUrl", "https://app.moolah.example/done",
                "notificationUrl", settings.notificationUrl()), token).path("checkoutId").asText();
    }

    private static JsonNode post(String url, Map<String, Object> body) {
        return post(url, body, null);
    }

    private static JsonNode post(String url, Map<String, Object> body, String bearer) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("simulator answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
