package io.moolah.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/** The alerts a Prometheus has pending or firing now ({@code /api/v1/alerts}), by name; empty when none answers. */
final class Alerts {
    private Alerts() {
    }

    static Map<String, String> active(String prometheusUrl) {
        Map<String, String> states = new TreeMap<>();
        if (prometheusUrl == null || prometheusUrl.isBlank()) {
            return states;
        }
        try {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(prometheusUrl + "/api/v1/alerts"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            for (JsonNode alert : new ObjectMapper().readTree(body).path("data").path("alerts")) {
                states.merge(alert.path("labels").path("alertname").asText(), alert.path("state").asText(),
                        (was, now) -> "firing".equals(was) ? was : now);
            }
        } catch (IOException | IllegalArgumentException e) {
            states.put("(Prometheus did not answer: " + e.getMessage() + ")", "unknown");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return states;
    }
}
