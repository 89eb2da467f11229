package io.moolah.gateway;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * A stand-in upstream for the gateway's own tests: it answers every request with what it received, so a test can see
 * exactly what the gateway forwarded. (System tests use the real services.)
 */
final class StubUpstream {
    private final HttpServer server;

    private StubUpstream(HttpServer server) {
        this.server = server;
    }

    static StubUpstream start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/q/health/ready", exchange -> {
                byte[] ready = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, ready.length);
                exchange.getResponseBody().write(ready);
                exchange.close();
            });
            // A service that is up but refuses on purpose (its provider is down): 503 with Retry-After.
            server.createContext("/api/v1/qr-payments", exchange -> {
                exchange.getRequestBody().readAllBytes();
                byte[] problem = "{\"status\":503,\"code\":\"PROVIDER_UNAVAILABLE\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
                exchange.getResponseHeaders().add("Retry-After", "1");
                exchange.sendResponseHeaders(503, problem.length);
                exchange.getResponseBody().write(problem);
                exchange.close();
            });
            server.createContext("/", exchange -> {
                String headers = exchange.getRequestHeaders().entrySet().stream()
                        .map(e -> "\"" + e.getKey().toLowerCase() + "\":\"" + String.join(",", e.getValue()).replace("\"", "'") + "\"")
                        .collect(Collectors.joining(","));
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String reply = "{\"method\":\"" + exchange.getRequestMethod() + "\",\"uri\":\"" + exchange.getRequestURI()
                        + "\",\"bodyLength\":" + body.length() + ",\"headers\":{" + headers + "}}";
                byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.getResponseHeaders().add("X-Moolah-Service", "stub");
                exchange.sendResponseHeaders(201, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
            return new StubUpstream(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
    }
}
