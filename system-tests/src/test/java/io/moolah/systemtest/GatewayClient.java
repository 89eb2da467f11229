package io.moolah.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** A client of the public API, as an app would be: HTTPS to the gateway only, trusting its certificate. */
public final class GatewayClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String baseUrl;
    private final HttpClient http;

    public GatewayClient(String gatewayUrl, Path certificate) {
        this(gatewayUrl, certificate, "TLSv1.3");
    }

    public GatewayClient(String gatewayUrl, Path certificate, String protocol) {
        this.baseUrl = gatewayUrl + "/api/v1";
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(new String[]{protocol});
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_2)
                .sslContext(trusting(certificate))
                .sslParameters(parameters)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public record Reply(int status, Map<String, java.util.List<String>> headers, String body, HttpClient.Version version) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst().map(e -> e.getValue().get(0)).orElse(null);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    public Reply send(String method, String path, String body, Map<String, String> headers) {
        return sendTo(URI.create(baseUrl + path), method, path, body, headers);
    }

    /** A GET of a path outside the API ({@code /api/docs}, the web pages), from the gateway's root. */
    public Reply getPage(String path, Map<String, String> headers) {
        return sendTo(URI.create(baseUrl.substring(0, baseUrl.length() - "/api/v1".length()) + path), "GET", path, null, headers);
    }

    private Reply sendTo(URI uri, String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(15))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::setHeader);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().map(), response.body(), response.version());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Reply get(String path) {
        return send("GET", path, null, Map.of());
    }

    public Reply get(String path, String accessToken) {
        return send("GET", path, null, Map.of("Authorization", "Bearer " + accessToken));
    }

    public Reply post(String path, Object body) {
        return send("POST", path, json(body), Map.of());
    }

    public Reply post(String path, Object body, String accessToken) {
        return send("POST", path, json(body), Map.of("Authorization", "Bearer " + accessToken));
    }

    public static String json(Object body) {
        try {
            return body instanceof String text ? text : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A TLS context that trusts only the gateway's certificate. */
    public static SSLContext trusting(Path certificate) {
        return io.moolah.localstack.tls.Certificates.trusting(certificate);
    }
}
