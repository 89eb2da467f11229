package io.moolah.localstack.simulators;

import static io.moolah.localstack.simulators.SimulatorHttp.JSON;
import static io.moolah.localstack.simulators.SimulatorHttp.readJson;
import static io.moolah.localstack.simulators.SimulatorHttp.reply;
import static io.moolah.localstack.simulators.SimulatorHttp.sleepBounded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Peach Payments as far as our adapter uses it (docs/providers/peach.md, section 9), on a loopback port, state in
 * memory: OAuth tokens, hosted checkouts, the status query, and signed (or encrypted) notifications sent back to the
 * platform. A shopper pays on the hosted page ({@code GET /checkout/{id}}, a card form: {@link PeachCheckoutPage});
 * tests can end a checkout instead with a test-control call, {@code POST /__sim/peach/checkouts/{id}/outcome}, with
 * switches for the faults providers show: duplicate and out-of-order delivery, delay, declined or pending results, a forged signature, a wrong amount in the notification, a notification lost on the way ({@code lost}); {@code POST /__sim/peach/faults} makes the status
 * query or the checkout creation answer 500 or slowly. Secrets come from {@link Settings}, made at random for local runs.
 */
public final class PeachSimulator implements AutoCloseable {
    private static final String PENDING = "000.200.000";
    private static final String SUCCESSFUL = "000.100.110";
    /** The decline the adapter's tests use (docs/providers/peach.md, section 9): "transaction declined (invalid CVV)". */
    static final String DECLINED = "800.100.153";
    /** "Unexpected communication error with connector/acquirer": the acquirer could not process the card. */
    static final String PROCESSING_ERROR = "900.100.100";
    /** Cards that end a payment on the hosted page other than successfully (Stripe's well-known test numbers). */
    static final String DECLINED_CARD = "4000000000000002";
    static final String PROCESSING_ERROR_CARD = "4000000000000119";
    private static final long MAX_DELAY_MS = 10_000;
    private static final int MAX_FORM_BYTES = 16_384;

    /** Credentials and keys shared with the payment service, and where notifications go. */
    public record Settings(String clientId, String clientSecret, String merchantId, String entityId, String secretToken,
                           String webhookKey, String notificationUrl, Path trustCertificate) {
        /** Fresh random secrets (development keys are made at start, never committed). */
        public static Settings random(String notificationUrl, Path trustCertificate) {
            return new Settings("sim-client-" + PeachProtocol.randomHex(4), PeachProtocol.randomHex(16),
                    "sim-merchant-" + PeachProtocol.randomHex(4), "8ac7a4c9" + PeachProtocol.randomHex(12),
                    PeachProtocol.randomHex(16), PeachProtocol.randomHex(32), notificationUrl, trustCertificate);
        }

        /** The payment service's view of the same settings, as environment variables. */
        public Map<String, String> serviceEnvironment(String baseUrl) {
            return Map.of("MOOLAH_PAYMENT_PEACH_BASE_URL", baseUrl,
                    "MOOLAH_PAYMENT_PEACH_CLIENT_ID", clientId,
                    "MOOLAH_PAYMENT_PEACH_CLIENT_SECRET", clientSecret,
                    "MOOLAH_PAYMENT_PEACH_MERCHANT_ID", merchantId,
                    "MOOLAH_PAYMENT_PEACH_ENTITY_ID", entityId,
                    "MOOLAH_PAYMENT_PEACH_SECRET_TOKEN", secretToken,
                    "MOOLAH_PAYMENT_PEACH_WEBHOOK_KEY", webhookKey,
                    "MOOLAH_PAYMENT_PEACH_NOTIFICATION_URL", notificationUrl);
        }
    }

    private static final class Checkout {
        final String id;
        final String merchantTransactionId;
        final BigDecimal amount;
        final String currency;
        final String notificationUrl;
        final String shopperResultUrl;
        volatile String resultCode = "000.200.100";
        volatile String paymentId;
        volatile Instant paidAt;
        volatile BigDecimal refunded = BigDecimal.ZERO;

        Checkout(String id, String merchantTransactionId, BigDecimal amount, String currency, String notificationUrl,
                 String shopperResultUrl) {
            this.id = id;
            this.merchantTransactionId = merchantTransactionId;
            this.amount = amount;
            this.currency = currency;
            this.notificationUrl = notificationUrl;
            this.shopperResultUrl = shopperResultUrl;
        }

        PeachCheckoutPage.Summary summary() {
            return new PeachCheckoutPage.Summary(id, amount, currency, merchantTransactionId);
        }

        Optional<PeachCheckoutPage.ShopperReturn> shopperReturn() {
            return PeachCheckoutPage.ShopperReturn.of(shopperResultUrl, id);
        }
    }

    /**
     * How a checkout ends: its result code, and how the notifications about it travel (the test switches; a shopper's
     * payment on the page uses none). {@code notifiedAmount} null: the checkout's own. {@code again}: the test control
     * may end an ended checkout once more (to redeliver); a shopper may not pay twice.
     */
    private record Ending(String resultCode, BigDecimal notifiedAmount, boolean outOfOrder, boolean duplicate, boolean lost,
                          long delayMs, boolean forge, boolean encrypted, boolean again) {
        static Ending byShopper(String resultCode) {
            return new Ending(resultCode, null, false, false, false, 0, false, false, false);
        }
    }

    private final Settings settings;
    private final ExecutorService executor;
    private HttpServer server;
    private final IssuedTokens tokens = new IssuedTokens();
    private final Map<String, Checkout> checkouts = new ConcurrentHashMap<>();
    private final Map<String, Boolean> nonces = new ConcurrentHashMap<>();
    private final AtomicInteger statusFailures = new AtomicInteger();
    private final AtomicLong statusDelayMs = new AtomicLong();
    private final AtomicInteger checkoutFailures = new AtomicInteger();
    private final AtomicLong checkoutDelayMs = new AtomicLong();
    /** Planted differences in the settlement report: merchantTransactionId to an amount ("10.00"), or "" to leave it out. */
    private final Map<String, String> reportOverrides = new ConcurrentHashMap<>();
    private volatile HttpClient notifier;
    private volatile byte[] stylesheet;

    private PeachSimulator(Settings settings, ExecutorService executor) {
        this.settings = settings;
        this.executor = executor;
    }

    public static PeachSimulator start(Settings settings, int port) {
        ExecutorService executor = SimulatorHttp.executor();
        PeachSimulator simulator = new PeachSimulator(settings, executor);
        simulator.server = SimulatorHttp.serve(port, simulator::handle, executor);
        return simulator;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String[] parts = path.split("/");
            if ("POST".equals(method) && path.equals("/api/oauth/token")) {
                token(exchange);
            } else if ("POST".equals(method) && path.equals("/v2/checkout")) {
                createCheckout(exchange);
            } else if ("GET".equals(method) && parts.length == 5 && path.startsWith("/v2/checkout/") && path.endsWith("/status")) {
                status(exchange, parts[3]);
            } else if ("POST".equals(method) && parts.length == 6 && path.startsWith("/__sim/peach/checkouts/") && path.endsWith("/outcome")) {
                outcome(exchange, parts[4]);
            } else if ("GET".equals(method) && path.equals(PeachCheckoutPage.STYLESHEET_PATH)) {
                stylesheet(exchange);
            } else if ("GET".equals(method) && path.startsWith("/checkout/")) {
                checkoutPage(exchange, path.substring("/checkout/".length()));
            } else if ("POST".equals(method) && path.startsWith("/checkout/")) {
                pay(exchange, path.substring("/checkout/".length()));
            } else if ("POST".equals(method) && path.equals("/__sim/peach/faults")) {
                faults(exchange);
            } else if ("GET".equals(method) && parts.length == 5 && path.startsWith("/api/merchants/") && path.endsWith("/transactions-recon")) {
                report(exchange, parts[3]);
            } else if ("POST".equals(method) && path.equals("/v1/checkout/refund")) {
                refund(exchange);
            } else if ("POST".equals(method) && path.equals("/__sim/peach/report")) {
                plant(exchange);
            } else {
                reply(exchange, 404, Map.of("message", "Not found"));
            }
        } catch (RuntimeException e) {
            reply(exchange, 500, Map.of("message", "simulator error: " + e));
        }
    }

    private void token(HttpExchange exchange) throws IOException {
        JsonNode body = readJson(exchange);
        if (body == null || !settings.clientId().equals(body.path("clientId").asText())
                || !settings.clientSecret().equals(body.path("clientSecret").asText())
                || !settings.merchantId().equals(body.path("merchantId").asText())) {
            reply(exchange, 401, Map.of("message", "Invalid credentials"));
            return;
        }
        String token = tokens.issue(14_400_000L);
        reply(exchange, 200, Map.of("access_token", token, "expires_in", 14400, "token_type", "Bearer"));
    }

    private boolean authorised(HttpExchange exchange) {
        return tokens.presentedBy(exchange);
    }

    private void createCheckout(HttpExchange exchange) throws IOException {
        if (!authorised(exchange)) {
            reply(exchange, 401, Map.of("message", "Unauthorized"));
            return;
        }
        JsonNode body = readJson(exchange);
        if (body == null) {
            reply(exchange, 400, Map.of("message", "body: not JSON"));
            return;
        }
        sleepBounded(checkoutDelayMs.get());
        if (checkoutFailures.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            reply(exchange, 500, Map.of("message", "Internal error"));
            return;
        }
        String entityId = body.has("authentication.entityId") ? body.path("authentication.entityId").asText()
                : body.path("authentication").path("entityId").asText();
        String merchantTransactionId = body.path("merchantTransactionId").asText();
        String nonce = body.path("nonce").asText();
        String problem = !settings.entityId().equals(entityId) ? "authentication.entityId: unknown entity"
                : !body.path("amount").isNumber() && !body.path("amount").asText().matches("\\d{1,10}\\.\\d{2}") ? "amount: invalid"
                : !"ZAR".equals(body.path("currency").asText()) ? "currency: not supported"
                : !merchantTransactionId.matches("[a-zA-Z0-9]{8,16}") ? "merchantTransactionId: invalid"
                : nonce.isEmpty() || nonces.putIfAbsent(nonce, true) != null ? "nonce: missing or reused"
                : body.path("shopperResultUrl").asText().isEmpty() ? "shopperResultUrl: required" : null;
        if (problem != null) {
            reply(exchange, 400, Map.of("message", problem));
            return;
        }
        String id = PeachProtocol.randomHex(16);
        String notificationUrl = body.path("notificationUrl").asText(settings.notificationUrl());
        checkouts.put(id, new Checkout(id, merchantTransactionId, new BigDecimal(body.path("amount").asText()).setScale(2, RoundingMode.UNNECESSARY),
                body.path("currency").asText(), notificationUrl.isEmpty() ? settings.notificationUrl() : notificationUrl,
                body.path("shopperResultUrl").asText()));
        reply(exchange, 200, Map.of("checkoutId", id, "redirectUrl", baseUrl() + "/checkout/" + id));
    }

    private void status(HttpExchange exchange, String checkoutId) throws IOException {
        if (!authorised(exchange)) {
            reply(exchange, 401, Map.of("message", "Unauthorized"));
            return;
        }
        sleepBounded(statusDelayMs.get());
        if (statusFailures.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            reply(exchange, 500, Map.of("message", "Internal error"));
            return;
        }
        Checkout checkout = checkouts.get(checkoutId);
        if (checkout == null) {
            reply(exchange, 404, Map.of("message", "Checkout not found"));
            return;
        }
        reply(exchange, 200, fields(checkout, checkout.resultCode, checkout.amount));
    }

    /** Test control: what a shopper's visit to the hosted page ends in, and how the notifications about it are delivered. */
    private void outcome(HttpExchange exchange, String checkoutId) throws IOException {
        Checkout checkout = checkouts.get(checkoutId);
        JsonNode body = readJson(exchange);
        if (checkout == null || body == null) {
            reply(exchange, 404, Map.of("message", "Checkout not found"));
            return;
        }
        Ending ending = new Ending(body.path("resultCode").asText(SUCCESSFUL),
                body.has("amount") ? new BigDecimal(body.path("amount").asText()) : null,
                body.path("outOfOrder").asBoolean(), body.path("duplicate").asBoolean(), body.path("lost").asBoolean(),
                body.path("delayMs").asLong(0), body.path("forge").asBoolean(), body.path("encrypted").asBoolean(), true);
        List<Integer> deliveries = end(checkout, ending).orElseThrow();
        reply(exchange, 200, Map.of("paymentId", checkout.paymentId, "deliveries", deliveries));
    }

    /**
     * Ends {@code checkout} as {@code ending} says: the result the status query and the settlement report then give, and
     * the notifications sent to its notificationUrl (the platform's answers, in order). Empty, with nothing changed or
     * sent, when the checkout had already ended and {@code ending} may not end it again.
     */
    private Optional<List<Integer>> end(Checkout checkout, Ending ending) {
        synchronized (checkout) {
            if (checkout.paidAt != null && !ending.again()) {
                return Optional.empty();
            }
            checkout.resultCode = ending.resultCode();
            if (checkout.paymentId == null) {
                checkout.paymentId = PeachProtocol.randomHex(16);
            }
            checkout.paidAt = Instant.now();
        }
        String resultCode = ending.resultCode();
        BigDecimal notifiedAmount = ending.notifiedAmount() == null ? checkout.amount : ending.notifiedAmount();
        List<String> sequence = new ArrayList<>();
        if (ending.outOfOrder()) {
            sequence.add(resultCode);
            sequence.add(PENDING);
        } else {
            sequence.add(resultCode);
        }
        if (ending.duplicate()) {
            sequence.add(resultCode);
        }
        if (ending.lost()) {
            // The shopper paid, but no notification ever reaches the platform: only a status query tells.
            sequence.clear();
        }
        sleepBounded(ending.delayMs());
        List<Integer> deliveries = new ArrayList<>();
        for (String code : sequence) {
            deliveries.add(deliver(checkout, fields(checkout, code, notifiedAmount), ending.forge(), ending.encrypted()));
        }
        return Optional.of(deliveries);
    }

    /** The hosted page: the card form, or what became of the checkout once it has ended. */
    private void checkoutPage(HttpExchange exchange, String checkoutId) throws IOException {
        Checkout checkout = checkouts.get(checkoutId);
        if (checkout == null) {
            notFound(exchange);
        } else if (checkout.paidAt != null) {
            ended(exchange, 200, checkout);
        } else {
            html(exchange, 200, PeachCheckoutPage.form(checkout.summary(), CardEntry.EMPTY, Set.of()), checkout.shopperReturn());
        }
    }

    /**
     * The shopper pays on the hosted page: a card that fails the form's checks shows the form again (400, nothing
     * charged); a good one ends the checkout through {@link #end}, as the test control does, and the browser goes back
     * to the shopperResultUrl with Peach's {@code id} and {@code resourcePath}.
     */
    private void pay(HttpExchange exchange, String checkoutId) throws IOException {
        Checkout checkout = checkouts.get(checkoutId);
        if (checkout == null) {
            notFound(exchange);
            return;
        }
        if (checkout.paidAt != null) {
            ended(exchange, 409, checkout);
            return;
        }
        byte[] body = exchange.getRequestBody().readNBytes(MAX_FORM_BYTES + 1);
        CardEntry entry = body.length > MAX_FORM_BYTES ? CardEntry.EMPTY : CardEntry.fromForm(new String(body, StandardCharsets.UTF_8));
        Set<CardEntry.Problem> problems = entry.problems(YearMonth.now(ZoneOffset.UTC));
        if (!problems.isEmpty()) {
            html(exchange, 400, PeachCheckoutPage.form(checkout.summary(), entry, problems), checkout.shopperReturn());
            return;
        }
        String resultCode = switch (entry.cardDigits()) {
            case DECLINED_CARD -> DECLINED;
            case PROCESSING_ERROR_CARD -> PROCESSING_ERROR;
            default -> SUCCESSFUL;
        };
        if (end(checkout, Ending.byShopper(resultCode)).isEmpty()) {
            ended(exchange, 409, checkout);
            return;
        }
        Optional<PeachCheckoutPage.ShopperReturn> back = checkout.shopperReturn();
        if (back.isPresent()) {
            exchange.getResponseHeaders().add("Location", back.get().url());
            exchange.getResponseHeaders().add("Cache-Control", "no-store");
            exchange.sendResponseHeaders(303, -1);
        } else {
            boolean paid = successful(resultCode);
            html(exchange, 200, PeachCheckoutPage.message(paid ? "Payment complete" : "Payment not made",
                    paid ? "The payment is complete. You can close this page." : "The payment was not made. No money moved.",
                    Optional.of(checkout.summary()), back), back);
        }
    }

    private void ended(HttpExchange exchange, int status, Checkout checkout) throws IOException {
        String resultCode = checkout.resultCode;
        String text = successful(resultCode) ? "This checkout has already been paid."
                : resultCode.startsWith("000.200") ? "This payment is already being processed."
                : "This payment was already declined. No money moved.";
        html(exchange, status, PeachCheckoutPage.message("Checkout already ended", text, Optional.of(checkout.summary()),
                checkout.shopperReturn()), checkout.shopperReturn());
    }

    /** Nothing of the request is written back: the id may be anything a browser can send. */
    private void notFound(HttpExchange exchange) throws IOException {
        html(exchange, 404, PeachCheckoutPage.message("Checkout not found",
                "This checkout does not exist or has expired. Go back to the shop and start the payment again.",
                Optional.empty(), Optional.empty()), Optional.empty());
    }

    private static void html(HttpExchange exchange, int status, String page, Optional<PeachCheckoutPage.ShopperReturn> back)
            throws IOException {
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().add("Content-Security-Policy", PeachCheckoutPage.contentSecurityPolicy(back));
        exchange.getResponseHeaders().add("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().add("Referrer-Policy", "no-referrer");
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private void stylesheet(HttpExchange exchange) throws IOException {
        if (stylesheet == null) {
            try (var css = PeachSimulator.class.getResourceAsStream("peach-checkout.css")) {
                stylesheet = css == null ? new byte[0] : css.readAllBytes();
            }
        }
        exchange.getResponseHeaders().add("Content-Type", "text/css; charset=utf-8");
        exchange.getResponseHeaders().add("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(200, stylesheet.length);
        exchange.getResponseBody().write(stylesheet);
    }

    /**
     * The settlement report (docs/providers/peach.md, section 8; the shape is our assumption): every checkout that ended
     * between startDate and endDate (ISO instants, at most 24 h apart), with any planted difference applied.
     */
    private void report(HttpExchange exchange, String merchantId) throws IOException {
        if (!authorised(exchange) || !settings.merchantId().equals(merchantId)) {
            reply(exchange, 401, Map.of("message", "Unauthorized"));
            return;
        }
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        Instant from;
        Instant to;
        try {
            from = Instant.parse(query.getOrDefault("startDate", ""));
            to = Instant.parse(query.getOrDefault("endDate", ""));
        } catch (RuntimeException e) {
            reply(exchange, 400, Map.of("message", "startDate and endDate: ISO instants"));
            return;
        }
        if (!to.isAfter(from) || Duration.between(from, to).toHours() > 24) {
            reply(exchange, 400, Map.of("message", "the range must be at most 24 hours"));
            return;
        }
        List<Map<String, String>> transactions = new ArrayList<>();
        for (Checkout checkout : checkouts.values()) {
            if (checkout.paidAt == null || checkout.paidAt.isBefore(from) || !checkout.paidAt.isBefore(to)) {
                continue;
            }
            String override = reportOverrides.get(checkout.merchantTransactionId);
            if ("".equals(override)) {
                continue;
            }
            Map<String, String> row = fields(checkout, checkout.resultCode, override == null ? checkout.amount : new BigDecimal(override));
            row.put("timestamp", checkout.paidAt.toString());
            row.put("settlementStatus", "SETTLED");
            transactions.add(row);
        }
        reply(exchange, 200, Map.of("transactions", transactions));
    }

    /**
     * Test control: plant a difference in the report: {"checkoutId" or "merchantTransactionId", "amount": "12.00"} or
     * {..., "remove": true}.
     */
    private void plant(HttpExchange exchange) throws IOException {
        JsonNode body = readJson(exchange);
        Checkout byCheckout = body == null ? null : checkouts.get(body.path("checkoutId").asText());
        String reference = byCheckout != null ? byCheckout.merchantTransactionId : body == null ? "" : body.path("merchantTransactionId").asText();
        if (reference.isEmpty()) {
            reply(exchange, 400, Map.of("message", "checkoutId or merchantTransactionId is required"));
            return;
        }
        reportOverrides.put(reference, body.path("remove").asBoolean() ? "" : body.path("amount").asText());
        reply(exchange, 200, Map.of("planted", reference));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    query.put(java.net.URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            java.net.URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    /**
     * A refund (paymentType RF; docs/providers/peach.md, section 6): signed with the secret token over the other fields,
     * of a paid debit by its payment id, never more in total than was paid (700.400.200). Declines answer 200 with a
     * rejection code, as Peach does.
     */
    private void refund(HttpExchange exchange) throws IOException {
        JsonNode body = readJson(exchange);
        if (body == null) {
            reply(exchange, 400, Map.of("message", "body: not JSON"));
            return;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        body.fields().forEachRemaining(field -> fields.put(field.getKey(), field.getValue().asText()));
        String signature = fields.remove("signature");
        if (signature == null || !signature.equals(PeachProtocol.sign(fields, settings.secretToken()))) {
            reply(exchange, 200, Map.of("result.code", "800.900.300", "result.description", "invalid authentication"));
            return;
        }
        Checkout paid = checkouts.values().stream().filter(c -> fields.getOrDefault("id", "").equals(c.paymentId)).findFirst().orElse(null);
        if (paid == null || !"RF".equals(fields.get("paymentType")) || !paid.currency.equals(fields.get("currency"))) {
            reply(exchange, 200, Map.of("result.code", "700.100.100", "result.description", "reference id not existing"));
            return;
        }
        BigDecimal amount = new BigDecimal(fields.getOrDefault("amount", "0"));
        synchronized (paid) {
            if (paid.refunded.add(amount).compareTo(paid.amount) > 0) {
                reply(exchange, 200, Map.of("result.code", "700.400.200", "result.description", "cannot refund (refund volume exceeded)"));
                return;
            }
            paid.refunded = paid.refunded.add(amount);
        }
        reply(exchange, 200, Map.of("id", PeachProtocol.randomHex(16), "referencedId", paid.paymentId, "paymentType", "RF",
                "amount", amount.setScale(2, RoundingMode.HALF_UP).toPlainString(), "currency", paid.currency,
                "result.code", "000.100.110", "result.description", "Request successfully processed"));
    }

    private void faults(HttpExchange exchange) throws IOException {
        JsonNode body = readJson(exchange);
        statusFailures.set(body == null ? 0 : body.path("statusFailures").asInt(0));
        statusDelayMs.set(body == null ? 0 : Math.min(MAX_DELAY_MS, body.path("statusDelayMs").asLong(0)));
        checkoutFailures.set(body == null ? 0 : body.path("checkoutFailures").asInt(0));
        checkoutDelayMs.set(body == null ? 0 : Math.min(MAX_DELAY_MS, body.path("checkoutDelayMs").asLong(0)));
        reply(exchange, 200, Map.of("statusFailures", statusFailures.get(), "statusDelayMs", statusDelayMs.get(),
                "checkoutFailures", checkoutFailures.get(), "checkoutDelayMs", checkoutDelayMs.get()));
    }

    /** A checkout's fields as Peach names them (flat, dotted), for a notification or the status answer. */
    private static Map<String, String> fields(Checkout checkout, String resultCode, BigDecimal amount) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", checkout.paymentId == null ? "" : checkout.paymentId);
        fields.put("checkoutId", checkout.id);
        fields.put("merchantTransactionId", checkout.merchantTransactionId);
        fields.put("amount", amount.setScale(2, RoundingMode.HALF_UP).toPlainString());
        fields.put("currency", checkout.currency);
        fields.put("paymentType", "DB");
        fields.put("result.code", resultCode);
        fields.put("result.description", describe(resultCode));
        fields.put("timestamp", Instant.now().toString());
        return fields;
    }

    private static String describe(String code) {
        if (successful(code)) {
            return "Request successfully processed";
        }
        return code.startsWith("000.200") ? "Transaction pending" : "Transaction declined";
    }

    private static boolean successful(String code) {
        return code.startsWith("000.000.") || code.startsWith("000.100.1");
    }

    /** Sends one notification; returns the platform's HTTP status (or -1 when it could not be reached). */
    private int deliver(Checkout checkout, Map<String, String> fields, boolean forge, boolean encrypted) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(checkout.notificationUrl)).timeout(Duration.ofSeconds(10));
        if (encrypted) {
            ObjectNode payload = JSON.createObjectNode();
            fields.forEach(payload::put);
            ObjectNode envelope = JSON.createObjectNode().put("type", "PAYMENT");
            envelope.set("payload", payload);
            PeachProtocol.Sealed sealed = PeachProtocol.seal(envelope.toString(), settings.webhookKey());
            String tag = forge ? PeachProtocol.randomHex(16).toUpperCase() : sealed.tag();
            request.header("Content-Type", "text/plain").header("X-Initialization-Vector", sealed.iv())
                    .header("X-Authentication-Tag", tag).POST(HttpRequest.BodyPublishers.ofString(sealed.body()));
        } else {
            Map<String, String> signed = new LinkedHashMap<>(fields);
            signed.put("signature", forge ? PeachProtocol.randomHex(32) : PeachProtocol.sign(fields, settings.secretToken()));
            String form = signed.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            request.header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        }
        try {
            return notifier().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The client that notifies the platform, trusting the gateway's development certificate when one is given. */
    private HttpClient notifier() {
        if (notifier == null) {
            HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
            if (settings.trustCertificate() != null && Files.exists(settings.trustCertificate())) {
                builder.sslContext(io.moolah.localstack.tls.Certificates.trusting(settings.trustCertificate()));
            }
            notifier = builder.build();
        }
        return notifier;
    }




}
