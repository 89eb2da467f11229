package io.moolah.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the two transaction-service endpoints this service calls, so its tests need not run the ledger:
 * {@code POST /internal/v1/payment-holds} (201 with a hold id for the service credential, 401 without it; the same
 * Idempotency-Key gets the same hold, as in the ledger) and
 * {@code GET /api/v1/admin/clearing/{provider}/entries} (what a test has booked). The ledger's own rules (balances,
 * limits, ownership) are the transaction-service's tests' business. A test can pause hold placement to catch a QR
 * payment between recording it and holding its money.
 */
public final class LedgerStandIn implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A hold request as it arrived, and when it was placed (null while it waits). */
    public record HoldRequest(String walletId, String reference, String idempotencyKey, long amount, Instant arrivedAt,
                              Instant placedAt) {
    }

    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final List<HoldRequest> requests = new CopyOnWriteArrayList<>();
    private final Map<String, UUID> holdsByKey = new ConcurrentHashMap<>();
    private final Map<String, List<Map<String, Object>>> clearing = new ConcurrentHashMap<>();
    private final AtomicInteger holdAnswersToLose = new AtomicInteger();
    private volatile CountDownLatch pause;
    private HttpServer server;

    private LedgerStandIn() {
    }

    public static LedgerStandIn start() {
        LedgerStandIn ledger = new LedgerStandIn();
        try {
            ledger.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ledger.server.createContext("/", ledger::handle);
        ledger.server.setExecutor(ledger.executor);
        ledger.server.start();
        return ledger;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Hold requests now wait (at most 20 s) until {@link #resumeHolds()}. */
    public void pauseHolds() {
        pause = new CountDownLatch(1);
    }

    public void resumeHolds() {
        CountDownLatch paused = pause;
        pause = null;
        if (paused != null) {
            paused.countDown();
        }
    }

    /** The next {@code count} holds are placed, but the service gets a 503 instead of the answer. */
    public void loseHoldAnswers(int count) {
        holdAnswersToLose.set(count);
    }

    /** Every hold asked for a wallet, in arrival order (a request retried with its key appears twice). */
    public List<HoldRequest> holdsAskedFor(UUID walletId) {
        return requests.stream().filter(request -> request.walletId().equals(walletId.toString())).toList();
    }

    /** The ledger has moved {@code amount} through the provider's clearing account for this reference today. */
    public void book(String provider, String externalRef, long amount) {
        clearing.computeIfAbsent(provider, key -> new CopyOnWriteArrayList<>())
                .add(Map.of("externalRef", externalRef, "reference", externalRef, "amount", amount));
    }

    @Override
    public void close() {
        resumeHolds();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if ("POST".equals(exchange.getRequestMethod()) && path.equals("/internal/v1/payment-holds")) {
                if (!io.moolah.localstack.testing.TestTokens.serviceAuthorization()
                        .equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    reply(exchange, 401, Map.of("code", "SERVICE_CREDENTIAL_REQUIRED"));
                    return;
                }
                placeHold(exchange);
            } else if ("GET".equals(exchange.getRequestMethod()) && path.startsWith("/api/v1/admin/clearing/") && path.endsWith("/entries")) {
                String provider = path.substring("/api/v1/admin/clearing/".length(), path.length() - "/entries".length());
                reply(exchange, 200, Map.of("entries", clearing.getOrDefault(provider, List.of())));
            } else {
                reply(exchange, 404, Map.of("code", "NOT_FOUND"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply(exchange, 503, Map.of("code", "INTERRUPTED"));
        }
    }

    private void placeHold(HttpExchange exchange) throws IOException, InterruptedException {
        JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        Instant arrived = Instant.now();
        HoldRequest waiting = new HoldRequest(body.path("walletId").asText(), body.path("reference").asText(), key,
                body.path("amount").asLong(), arrived, null);
        requests.add(waiting);
        CountDownLatch paused = pause;
        if (paused != null) {
            paused.await(20, TimeUnit.SECONDS);
        }
        UUID holdId = holdsByKey.computeIfAbsent(key, ignored -> UUID.randomUUID());
        requests.set(requests.indexOf(waiting), new HoldRequest(waiting.walletId(), waiting.reference(), key, waiting.amount(),
                arrived, Instant.now()));
        if (holdAnswersToLose.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            reply(exchange, 503, Map.of("code", "LEDGER_UNAVAILABLE"));
            return;
        }
        reply(exchange, 201, Map.of("holdId", holdId.toString(), "status", "OPEN", "reference", waiting.reference()));
    }

    private static void reply(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
