package io.moolah.localstack.simulators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;

/** The plumbing the provider simulators share: a loopback server, JSON in and out, bounded waits. */
final class SimulatorHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_WAIT_MS = 30_000;

    private SimulatorHttp() {
    }

    /** A server on loopback {@code port} (0: any free one) handling every path with {@code handler}. */
    /**
     * Requests a simulator serves at once. A provider serves many clients: with a handful of threads, a few slow
     * answers (a fault being simulated) queued everything else behind them, the test-control calls too (the fault
     * suite found it).
     */
    static final int THREADS = 32;

    static ExecutorService executor() {
        return java.util.concurrent.Executors.newFixedThreadPool(THREADS);
    }

    static HttpServer serve(int port, HttpHandler handler, ExecutorService executor) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            server.createContext("/", handler);
            server.setExecutor(executor);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The request's JSON body ({} when empty), or null when it is not JSON. */
    static JsonNode readJson(HttpExchange exchange) {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    static void reply(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Waits {@code millis} (a fault's delay), never more than 30 s. */
    static void sleepBounded(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(Math.min(MAX_WAIT_MS, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
