package io.moolah.gateway;

import io.restassured.specification.RequestSpecification;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static io.restassured.RestAssured.given;

/** Helpers shared by the gateway's Quarkus tests. */
final class GatewayRequests {
    private GatewayRequests() {
    }

    static RequestSpecification anonymous(URL gateway) {
        return given().baseUri(gateway.toString()).relaxedHTTPSValidation();
    }

    static RequestSpecification as(URL gateway, String token) {
        return anonymous(gateway).auth().oauth2(token);
    }

    /** The value of one Prometheus sample whose line starts with {@code prefix}, or -1 when there is none. */
    static double metric(URL management, String prefix) {
        String root = management.getProtocol() + "://" + management.getHost() + ":" + management.getPort();
        String text;
        try {
            text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(java.net.URI.create(root + "/q/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        for (String line : text.split("\n")) {
            if (line.startsWith(prefix)) {
                return io.moolah.localstack.PrometheusText.value(line);
            }
        }
        return -1;
    }
}
