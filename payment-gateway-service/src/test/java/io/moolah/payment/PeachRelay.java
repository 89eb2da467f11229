package io.moolah.payment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sits between the service and the Peach simulator and passes everything through, so a test can see how many
 * checkouts Peach really opened for one of our references, make checkout creation slow (to hold a request in flight),
 * lose Peach's answer to it (Peach opened the checkout, the service never heard), or answer 503 itself, as a Peach in
 * trouble would, to requests for one path.
 */
public final class PeachRelay implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHECKOUT_PATH = "/v2/checkout";

    private final String target;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final Map<String, AtomicInteger> openedByReference = new ConcurrentHashMap<>();
    private final AtomicInteger answersToLose = new AtomicInteger();
    private final Map<String, AtomicInteger> failuresByPath = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requestsByPath = new ConcurrentHashMap<>();
    private volatile long checkoutDelayMillis;
    private HttpServer server;

    private PeachRelay(String target) {
        this.target = target;
    }

    public static PeachRelay start(String target) {
        PeachRelay relay = new PeachRelay(target);
        try {
            relay.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        relay.server.createContext("/", relay::handle);
        relay.server.setExecutor(relay.executor);
        relay.server.start();
        return relay;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Checkouts Peach opened with this merchantTransactionId, whether or not the service heard of them. */
    public int checkoutsOpened(String merchantTransactionId) {
        AtomicInteger opened = openedByReference.get(merchantTransactionId);
        return opened == null ? 0 : opened.get();
    }

    /** Every checkout Peach opened through this relay. */
    public int checkoutsOpened() {
        return openedByReference.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Each checkout creation waits this long before it reaches Peach (at most 10 s; zero to stop). */
    public void delayCheckouts(Duration delay) {
        checkoutDelayMillis = Math.min(10_000, delay.toMillis());
    }

    /** The next {@code count} checkouts are opened at Peach, but the service gets a 502 instead of the answer. */
    public void loseCheckoutAnswers(int count) {
        answersToLose.set(count);
    }

    /** The next {@code count} requests for exactly this path get a 503 from the relay; Peach never sees them. */
    public void failNext(String path, int count) {
        failuresByPath.computeIfAbsent(path, key -> new AtomicInteger()).set(count);
    }

    /** Requests that arrived for exactly this path, failed ones included. */
    public int requestsTo(String path) {
        AtomicInteger count = requestsByPath.get(path);
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            requestsByPath.computeIfAbsent(path, key -> new AtomicInteger()).incrementAndGet();
            AtomicInteger failures = failuresByPath.get(path);
            if (failures != null && failures.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            boolean checkout = "POST".equals(exchange.getRequestMethod()) && CHECKOUT_PATH.equals(path);
            if (checkout && checkoutDelayMillis > 0) {
                Thread.sleep(checkoutDelayMillis);
            }
            HttpResponse<byte[]> answer = forward(exchange, body);
            if (checkout && answer.statusCode() == 200) {
                String reference = JSON.readTree(body).path("merchantTransactionId").asText();
                openedByReference.computeIfAbsent(reference, key -> new AtomicInteger()).incrementAndGet();
                if (answersToLose.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                    exchange.sendResponseHeaders(502, -1);
                    return;
                }
            }
            answer.headers().firstValue("Content-Type").ifPresent(type -> exchange.getResponseHeaders().add("Content-Type", type));
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
            exchange.getResponseBody().write(answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(503, -1);
        }
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
                .timeout(Duration.ofSeconds(20))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String name : new String[] {"Content-Type", "Authorization", "Referer", "Accept"}) {
            String value = exchange.getRequestHeaders().getFirst(name);
            if (value != null) {
                request.header(name, value);
            }
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
