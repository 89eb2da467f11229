package io.moolah.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

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

    private static JsonNode post(String url, Map<String, Object> body) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
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
