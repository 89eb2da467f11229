package io.moolah.localstack.simulators;

import static io.moolah.localstack.simulators.SimulatorHttp.JSON;
import static io.moolah.localstack.simulators.SimulatorHttp.readJson;
import static io.moolah.localstack.simulators.SimulatorHttp.reply;
import static io.moolah.localstack.simulators.SimulatorHttp.sleepBounded;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Zapper's platform API as far as our adapter uses it (docs/providers/zapper.md, section 6), on a loopback port with
 * state in memory: service login, code decoding, payments idempotent on our reference, and their status. Faults are
 * chosen by the amount's last two digits, so a test (or a person at the command line) picks them with the QR code:
 * 51 declined; 54 recorded as paid but answered only after {@code slowAnswerMillis} (a client timeout with the
 * merchant paid); 55 a 500 with nothing recorded. Merchant 999999 is unknown. Secrets come from {@link Settings}.
 */
public final class ZapperSimulator implements AutoCloseable {
    private static final Pattern CODE = Pattern.compile("^https?://2\\.zap\\.pe\\?.*\\bi=(\\d+):(\\d+)(.*)$");
    private static final Pattern AMOUNT = Pattern.compile("\\b34\\|(\\d{1,9}(?:\\.\\d{1,2})?)");
    private static final Pattern NAME = Pattern.compile("\\b38\\|([^,:\\[]+)");
    private static final Pattern CURRENCY = Pattern.compile("\\b39n?\\|([A-Za-z]{3})");

    public record Settings(String apiKey, String apiToken, String organisationId, long slowAnswerMillis) {
        public static Settings random() {
            return new Settings(PeachProtocol.randomHex(16), PeachProtocol.randomHex(16), "sim-org-" + PeachProtocol.randomHex(4), 4_000);
        }

        /** The payment service's view of the same settings, as environment variables. */
        public Map<String, String> serviceEnvironment(String baseUrl) {
            return Map.of("MOOLAH_PAYMENT_ZAPPER_BASE_URL", baseUrl,
                    "MOOLAH_PAYMENT_ZAPPER_API_KEY", apiKey,
                    "MOOLAH_PAYMENT_ZAPPER_API_TOKEN", apiToken,
                    "MOOLAH_PAYMENT_ZAPPER_ORGANISATION_ID", organisationId);
        }
    }

    /** One payment as Zapper records it. */
    public record Recorded(String reference, String paymentReference, long amount, String merchantReference, String siteReference,
                           String merchantName, String status, Instant at) {
    }

    private record Decoded(String merchantId, String siteId, long amount, String name, String currency) {
    }

    private final Settings settings;
    private final ExecutorService executor;
    private HttpServer server;
    private final IssuedTokens tokens = new IssuedTokens();
    private final Map<String, Recorded> payments = new ConcurrentHashMap<>();
    /** Planted differences in what the payment list reports: our reference to an amount in cents, or -1 to leave it out. */
    private final Map<String, Long> reportOverrides = new ConcurrentHashMap<>();

    private ZapperSimulator(Settings settings, ExecutorService executor) {
        this.settings = settings;
        this.executor = executor;
    }

    public static ZapperSimulator start(Settings settings, int port) {
        ExecutorService executor = SimulatorHttp.executor();
        ZapperSimulator simulator = new ZapperSimulator(settings, executor);
        simulator.server = SimulatorHttp.serve(port, simulator::handle, executor);
        return simulator;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public Settings settings() {
        return settings;
    }

    /** Every payment recorded so far (what a settlement report would list). */
    public List<Recorded> recorded() {
        return List.copyOf(payments.values());
    }

    /** A QR code as Zapper prints them, for tests and for trying the platform by hand. */
    public static String qrCode(String merchantId, String siteId, String amount, String merchantName) {
        return "http://2.zap.pe?t=6&i=" + merchantId + ":" + siteId + ":7[34|" + amount + ":10[38|" + merchantName + ",39|ZAR";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            if ("POST".equals(method) && path.equals("/v1/auth/service/login")) {
                login(exchange);
            } else if ("POST".equals(method) && path.equals("/__sim/zapper/report")) {
                plant(exchange);
            } else if (!authorised(exchange)) {
                reply(exchange, 401, Map.of("message", "Unauthorized"));
            } else if ("GET".equals(method) && path.startsWith("/v1/codes/")) {
                decode(exchange, URLDecoder.decode(path.substring("/v1/codes/".length()), StandardCharsets.UTF_8));
            } else if ("POST".equals(method) && path.equals("/v1/payments")) {
                pay(exchange);
            } else if ("GET".equals(method) && path.equals("/v1/payments")) {
                list(exchange);
            } else if ("GET".equals(method) && path.startsWith("/v1/payments/")) {
                Recorded found = find(path.substring("/v1/payments/".length()));
                if (found == null) {
                    reply(exchange, 404, Map.of("message", "Payment not found"));
                } else {
                    reply(exchange, 200, details(found));
                }
            } else {
                reply(exchange, 404, Map.of("message", "Not found"));
            }
        } catch (RuntimeException e) {
            reply(exchange, 500, Map.of("message", "simulator error: " + e));
        }
    }

    private void login(HttpExchange exchange) throws IOException {
        JsonNode body = readJson(exchange);
        if (!settings.apiKey().equals(exchange.getRequestHeaders().getFirst("x-api-key")) || body == null
                || !settings.apiToken().equals(body.path("apiToken").asText()) || !settings.organisationId().equals(body.path("organisationId").asText())) {
            reply(exchange, 401, Map.of("message", "Unauthorized"));
            return;
        }
        String token = tokens.issue(900_000L);
        byte[] bytes = token.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private boolean authorised(HttpExchange exchange) {
        return settings.apiKey().equals(exchange.getRequestHeaders().getFirst("x-api-key")) && tokens.presentedBy(exchange);
    }

    private void decode(HttpExchange exchange, String base64) throws IOException {
        Decoded code = parse(base64);
        if (code == null) {
            reply(exchange, 404, Map.of("message", "Invalid code"));
            return;
        }
        Map<String, Object> merchant = new LinkedHashMap<>();
        merchant.put("merchantReference", code.merchantId());
        merchant.put("merchantName", code.name());
        merchant.put("currencyISOCode", code.currency());
        merchant.put("features", Map.of("amount", Map.of("editable", code.amount() == 0)));
        Map<String, Object> invoice = new LinkedHashMap<>();
        invoice.put("siteReference", code.siteId());
        invoice.put("currencyISOCode", code.currency());
        invoice.put("amount", code.amount());
        invoice.put("state", "open");
        reply(exchange, 200, Map.of("merchant", merchant, "invoice", invoice));
    }

    private void pay(HttpExchange exchange) throws IOException {
        JsonNode body = readJson(exchange);
        Decoded code = body == null ? null : parse(body.path("code").asText());
        String reference = body == null ? "" : body.path("reference").asText();
        long amount = body == null ? 0 : body.path("amount").asLong(0);
        if (code == null || reference.isEmpty() || amount <= 0 || (code.amount() > 0 && code.amount() != amount)) {
            reply(exchange, 400, Map.of("message", "Invalid payment"));
            return;
        }
        Recorded earlier = payments.get(reference);
        if (earlier != null) {
            reply(exchange, earlier.amount() == amount ? 200 : 409, earlier.amount() == amount ? details(earlier) : Map.of("message", "Duplicate reference"));
            return;
        }
        long ending = amount % 100;
        if (ending == 55) {
            reply(exchange, 500, Map.of("message", "Internal server error"));
            return;
        }
        String status = ending == 51 || "failed".equals(body.path("paymentMethod").path("external").path("status").asText()) ? "failed" : "success";
        Recorded recorded = new Recorded(reference, PeachProtocol.randomHex(9).toUpperCase(), amount, code.merchantId(), code.siteId(),
                code.name(), status, Instant.now());
        payments.put(reference, recorded);
        if (ending == 54) {
            sleepBounded(settings.slowAnswerMillis());
        }
        reply(exchange, 200, details(recorded));
    }

    /** The organisation's payments, newest first, 50 a page (docs/providers/zapper.md 3.3), planted differences applied. */
    private void list(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery();
        Matcher pageParameter = Pattern.compile("(?:^|&)page=(\\d{1,4})").matcher(query);
        int page = pageParameter.find() ? Math.max(1, Integer.parseInt(pageParameter.group(1))) : 1;
        List<Map<String, Object>> all = payments.values().stream()
                .sorted((a, b) -> b.at().compareTo(a.at()))
                .filter(p -> reportOverrides.getOrDefault(p.reference(), 0L) >= 0)
                .map(p -> {
                    Map<String, Object> details = details(p);
                    Long amount = reportOverrides.get(p.reference());
                    if (amount != null && amount > 0) {
                        details.put("processedAmount", amount);
                        details.put("invoicedAmount", amount);
                    }
                    return details;
                })
                .toList();
        int from = Math.min(all.size(), (page - 1) * 50);
        int to = Math.min(all.size(), from + 50);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("payments", all.subList(from, to));
        if (to < all.size()) {
            answer.put("nextPage", "/v1/payments?page=" + (page + 1) + "&pageSize=50");
        }
        reply(exchange, 200, answer);
    }

    /** Test control: plant a difference ({"reference", "amount"} or {"reference", "remove": true}). */
    private void plant(HttpExchange exchange) throws IOException {
        JsonNode body = readJson(exchange);
        if (body == null || body.path("reference").asText().isEmpty()) {
            reply(exchange, 400, Map.of("message", "reference is required"));
            return;
        }
        reportOverrides.put(body.path("reference").asText(), body.path("remove").asBoolean() ? -1L : body.path("amount").asLong());
        reply(exchange, 200, Map.of("planted", body.path("reference").asText()));
    }

    private Recorded find(String reference) {
        Recorded byOurs = payments.get(reference);
        return byOurs != null ? byOurs : payments.values().stream().filter(p -> p.paymentReference().equals(reference)).findFirst().orElse(null);
    }

    private static Map<String, Object> details(Recorded payment) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reference", payment.reference());
        details.put("merchantName", payment.merchantName());
        details.put("currencyISOCode", "ZAR");
        details.put("invoicedAmount", payment.amount());
        details.put("processedAmount", payment.amount());
        details.put("paymentReference", payment.paymentReference());
        details.put("paymentUTCDate", payment.at().toString());
        details.put("paymentMethodType", "External");
        details.put("status", payment.status());
        details.put("siteReference", payment.siteReference());
        return details;
    }

    private static Decoded parse(String base64) {
        String text;
        try {
            text = new String(Base64.getDecoder().decode(base64.trim()), StandardCharsets.UTF_8).trim();
        } catch (IllegalArgumentException e) {
            try {
                text = new String(Base64.getUrlDecoder().decode(base64.trim()), StandardCharsets.UTF_8).trim();
            } catch (IllegalArgumentException again) {
                return null;
            }
        }
        Matcher code = CODE.matcher(text);
        if (!code.matches() || code.group(1).equals("999999")) {
            return null;
        }
        Matcher amount = AMOUNT.matcher(code.group(3));
        Matcher name = NAME.matcher(code.group(3));
        long cents = amount.find() ? new BigDecimal(amount.group(1)).movePointRight(2).longValueExact() : 0;
        Matcher currency = CURRENCY.matcher(code.group(3));
        return new Decoded(code.group(1), code.group(2), cents, name.find() ? name.group(1) : "Merchant " + code.group(1),
                currency.find() ? currency.group(1).toUpperCase(java.util.Locale.ROOT) : "ZAR");
    }



}
