package io.moolah.localstack.simulators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hosted checkout page a shopper's browser pays on, driven as a browser would, with redirects not followed. */
class PeachCheckoutPageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHOP = "https://shop.example/return?order=7";
    private static final String GOOD_CARD = "4242 4242 4242 4242";

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** The notifications the simulator delivered, as their form fields. */
    private final ConcurrentLinkedQueue<Map<String, String>> notifications = new ConcurrentLinkedQueue<>();
    private HttpServer receiver;
    private PeachSimulator peach;
    private String token;

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/webhooks/peach", exchange -> {
            try (exchange) {
                notifications.add(form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        receiver.start();
        String notificationUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/webhooks/peach";
        peach = PeachSimulator.start(PeachSimulator.Settings.random(notificationUrl, null), 0);
        PeachSimulator.Settings settings = peach.settings();
        token = json(send(HttpRequest.newBuilder(uri("/api/oauth/token")).header("Content-Type", "application/json")
                .POST(body(Map.of("clientId", settings.clientId(), "clientSecret", settings.clientSecret(),
                        "merchantId", settings.merchantId()))))).path("access_token").asText();
    }

    @AfterEach
    void stop() {
        peach.close();
        receiver.stop(0);
    }

    @Test
    void thePageShowsTheAmountAndTheCardFormUnderAStrictPolicy() throws Exception {
        String id = checkout("25.00", SHOP);
        HttpResponse<String> page = get("/checkout/" + id);

        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElse(""));
        String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.startsWith("default-src 'none'; style-src 'self';"), policy);
        assertTrue(policy.contains("form-action 'self' https://shop.example;"), policy);
        assertTrue(policy.contains("frame-ancestors 'none'"), policy);
        assertFalse(policy.contains("unsafe"), policy);
        String html = page.body();
        assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">"), html);
        assertTrue(html.contains("<title>Peach Payments (simulator)</title>"), html);
        assertTrue(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"), html);
        assertTrue(html.contains("<dd id=\"amount\">R 25.00</dd>"), html);
        assertTrue(html.contains(">" + reference(id) + "</dd>"), html);
        assertTrue(html.contains("<form method=\"post\" action=\"/checkout/" + id + "\">"), html);
        for (String field : List.of("holder", "card", "expiry", "cvv")) {
            assertTrue(html.contains("<label for=\"" + field + "\">"), field);
            assertTrue(html.contains("<input id=\"" + field + "\" name=\"" + field + "\""), field);
        }
        assertTrue(html.matches("(?s).*<input id=\"card\"[^>]* autocomplete=\"cc-number\"[^>]* inputmode=\"numeric\".*"), html);
        assertTrue(html.contains("<button id=\"pay\" type=\"submit\">Pay R 25.00</button>"), html);
        assertFalse(html.contains("<script"), "no script");
        assertFalse(html.contains("<style") || html.contains(" style="), "no inline style");

        HttpResponse<String> css = get(PeachCheckoutPage.STYLESHEET_PATH);
        assertEquals(200, css.statusCode());
        assertEquals("text/css; charset=utf-8", css.headers().firstValue("Content-Type").orElse(""));
        assertTrue(css.body().contains("main {"), css.body());
    }

    @Test
    void aHostileCheckoutIdIsNotFoundAndNotWrittenBack() throws Exception {
        String script = "%3Cscript%3Ealert(1)%3C%2Fscript%3E";
        for (String id : List.of(script, "..%2F..%2Fv2%2Fcheckout", "../../__sim/peach/faults", "a".repeat(4_000), "%22%3E%3Cimg%20src%3Dx%3E")) {
            for (HttpResponse<String> answer : List.of(get("/checkout/" + id), post("/checkout/" + id, goodCard()))) {
                assertEquals(404, answer.statusCode(), id);
                assertEquals("text/html; charset=utf-8", answer.headers().firstValue("Content-Type").orElse(""), id);
                String html = answer.body();
                assertTrue(html.contains("Checkout not found"), html);
                assertFalse(html.contains("<script") || html.contains("alert(") || html.contains("<img") || html.contains("aaaaaaaa")
                        || html.contains("__sim") || html.contains("<form"), html);
            }
        }
        assertTrue(notifications.isEmpty());
    }

    @Test
    void anInvalidCardShowsTheFormAgainAndChargesNothing() throws Exception {
        String id = checkout("25.00", SHOP);
        HttpResponse<String> refused = post("/checkout/" + id,
                Map.of("holder", "<b>Eve</b>\"", "card", "4242 4242 4242 4241", "expiry", "12/99", "cvv", "123"));

        assertEquals(400, refused.statusCode());
        String html = refused.body();
        assertTrue(html.contains("role=\"alert\""), html);
        assertTrue(html.contains("Enter a valid card number"), html);
        assertTrue(html.contains("value=\"&lt;b&gt;Eve&lt;/b&gt;&quot;\""), "the holder is kept, escaped: " + html);
        assertFalse(html.contains("<b>Eve"), html);
        assertFalse(html.contains("4241"), "the card number is not written back");
        assertTrue(html.contains("<input id=\"card\" name=\"card\" type=\"text\" autocomplete=\"cc-number\" required inputmode=\"numeric\" maxlength=\"23\" aria-invalid=\"true\""), html);
        assertTrue(html.contains("<button id=\"pay\" type=\"submit\">Pay R 25.00</button>"), html);
        assertTrue(refused.headers().firstValue("Content-Security-Policy").orElse("").contains("form-action 'self' https://shop.example"));
        assertEquals(400, post("/checkout/" + id, Map.of("holder", "Eve", "card", GOOD_CARD, "expiry", "01/20", "cvv", "123")).statusCode(),
                "an expiry in the past");
        assertEquals(400, post("/checkout/" + id, Map.of()).statusCode(), "an empty form");

        assertTrue(notifications.isEmpty(), "nothing notified");
        assertEquals("000.200.100", status(id).path("result.code").asText(), "still open");
        assertTrue(get("/checkout/" + id).body().contains("<form method=\"post\""), "still payable");
        assertEquals(303, post("/checkout/" + id, goodCard()).statusCode());
    }

    @Test
    void aGoodCardGoesBackToTheShopAndIsPaidEverywhere() throws Exception {
        String id = checkout("25.00", SHOP);
        HttpResponse<String> paid = post("/checkout/" + id, goodCard());

        assertEquals(303, paid.statusCode(), paid.body());
        assertEquals(SHOP + "&id=" + id + "&resourcePath=/v2/checkout/" + id + "/status", paid.headers().firstValue("Location").orElse(""));
        JsonNode status = status(id);
        assertEquals("000.100.110", status.path("result.code").asText(), status.toString());
        assertEquals("25.00", status.path("amount").asText());
        assertEquals(32, status.path("id").asText().length(), "a payment id");
        assertEquals(1, notifications.size(), notifications.toString());
        Map<String, String> notification = notifications.peek();
        assertEquals(id, notification.get("checkoutId"));
        assertEquals("000.100.110", notification.get("result.code"));
        assertEquals("25.00", notification.get("amount"));
        assertEquals(PeachProtocol.sign(withoutSignature(notification), peach.settings().secretToken()), notification.get("signature"));
        assertTrue(report().contains(reference(id)), "in the settlement report");
    }

    @Test
    void withoutAQueryTheShopperResultUrlGetsOne() throws Exception {
        String id = checkout("1500.00", "http://127.0.0.1:9/done");
        assertTrue(get("/checkout/" + id).headers().firstValue("Content-Security-Policy").orElse("")
                .contains("form-action 'self' http://127.0.0.1:9;"));
        HttpResponse<String> paid = post("/checkout/" + id, goodCard());
        assertEquals("http://127.0.0.1:9/done?id=" + id + "&resourcePath=/v2/checkout/" + id + "/status",
                paid.headers().firstValue("Location").orElse(""));
    }

    @Test
    void theDeclineCardIsDeclinedAndTheProcessingErrorCardFails() throws Exception {
        String declined = checkout("25.00", SHOP);
        assertEquals(303, post("/checkout/" + declined, card("4000 0000 0000 0002")).statusCode());
        assertEquals(PeachSimulator.DECLINED, status(declined).path("result.code").asText());
        assertEquals("Transaction declined", status(declined).path("result.description").asText());
        assertEquals(PeachSimulator.DECLINED, notifications.poll().get("result.code"));
        assertTrue(get("/checkout/" + declined).body().contains("This payment was already declined."));

        String failed = checkout("25.00", SHOP);
        assertEquals(303, post("/checkout/" + failed, card("4000000000000119")).statusCode());
        assertEquals(PeachSimulator.PROCESSING_ERROR, status(failed).path("result.code").asText());
        assertEquals(PeachSimulator.PROCESSING_ERROR, notifications.poll().get("result.code"));
    }

    @Test
    void payingTwiceSaysAlreadyPaidAndNotifiesOnce() throws Exception {
        String id = checkout("25.00", SHOP);
        assertEquals(303, post("/checkout/" + id, goodCard()).statusCode());
        HttpResponse<String> again = post("/checkout/" + id, card("4000 0000 0000 0002"));

        assertEquals(409, again.statusCode());
        assertTrue(again.body().contains("This checkout has already been paid."), again.body());
        assertFalse(again.body().contains("<form"), again.body());
        String back = (SHOP + "&id=" + id + "&resourcePath=/v2/checkout/" + id + "/status").replace("&", "&amp;");
        assertTrue(again.body().contains("<a id=\"return\" href=\"" + back + "\">"), again.body());
        HttpResponse<String> reload = get("/checkout/" + id);
        assertEquals(200, reload.statusCode());
        assertTrue(reload.body().contains("already been paid") && !reload.body().contains("<form"), reload.body());
        assertEquals(1, notifications.size(), notifications.toString());
        assertEquals("000.100.110", status(id).path("result.code").asText(), "the second card changed nothing");
    }

    @Test
    void payingAtOnceFromManyTabsChargesOnce() throws Exception {
        String id = checkout("25.00", SHOP);
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(http.sendAsync(form("/checkout/" + id, goodCard()), HttpResponse.BodyHandlers.ofString()));
        }
        List<Integer> statuses = answers.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).sorted().toList();
        assertEquals(List.of(303, 409, 409, 409, 409, 409, 409, 409), statuses);
        assertEquals(1, notifications.size(), notifications.toString());
    }

    @Test
    void withoutAUsableShopperResultUrlThePageSaysTheRestItself() throws Exception {
        String id = checkout("25.00", "/relative/return");
        assertFalse(get("/checkout/" + id).headers().firstValue("Content-Security-Policy").orElse("").contains("relative"));
        HttpResponse<String> paid = post("/checkout/" + id, goodCard());
        assertEquals(200, paid.statusCode());
        assertTrue(paid.body().contains("The payment is complete."), paid.body());
        assertFalse(paid.headers().firstValue("Location").isPresent());
        assertEquals(1, notifications.size());
    }

    @Test
    void theTestControlEndsACheckoutThroughTheSamePathAndMayRepeat() throws Exception {
        String id = checkout("25.00", SHOP);
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> ended = send(HttpRequest.newBuilder(uri("/__sim/peach/checkouts/" + id + "/outcome"))
                    .POST(body(Map.of("resultCode", PeachSimulator.DECLINED))));
            assertEquals(200, ended.statusCode(), ended.body());
            assertEquals("[200]", json(ended).path("deliveries").toString());
        }
        assertEquals(2, notifications.size());
        assertEquals(PeachSimulator.DECLINED, status(id).path("result.code").asText());
        assertTrue(get("/checkout/" + id).body().contains("This payment was already declined."));
        assertEquals(409, post("/checkout/" + id, goodCard()).statusCode());
        assertEquals(2, notifications.size());
    }

    // Helpers

    private String checkout(String amount, String shopperResultUrl) throws Exception {
        PeachSimulator.Settings settings = peach.settings();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("authentication.entityId", settings.entityId());
        request.put("merchantTransactionId", "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 15));
        request.put("amount", amount);
        request.put("currency", "ZAR");
        request.put("nonce", UUID.randomUUID().toString());
        request.put("shopperResultUrl", shopperResultUrl);
        request.put("notificationUrl", settings.notificationUrl());
        HttpResponse<String> created = send(HttpRequest.newBuilder(uri("/v2/checkout")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(body(request)));
        assertEquals(200, created.statusCode(), created.body());
        JsonNode answer = json(created);
        String id = answer.path("checkoutId").asText();
        assertEquals(peach.baseUrl() + "/checkout/" + id, answer.path("redirectUrl").asText());
        references.put(id, (String) request.get("merchantTransactionId"));
        return id;
    }

    private final Map<String, String> references = new LinkedHashMap<>();

    private String reference(String checkoutId) {
        return references.get(checkoutId);
    }

    private JsonNode status(String checkoutId) throws Exception {
        return json(send(HttpRequest.newBuilder(uri("/v2/checkout/" + checkoutId + "/status")).header("Authorization", "Bearer " + token).GET()));
    }

    private String report() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return send(HttpRequest.newBuilder(uri("/api/merchants/" + peach.settings().merchantId() + "/transactions-recon?startDate="
                + now.minus(Duration.ofHours(1)) + "&endDate=" + now.plus(Duration.ofHours(1))))
                .header("Authorization", "Bearer " + token).GET()).body();
    }

    private static Map<String, String> goodCard() {
        return card(GOOD_CARD);
    }

    private static Map<String, String> card(String number) {
        return Map.of("holder", "A Shopper", "card", number, "expiry", "12/" + (Instant.now().atZone(java.time.ZoneOffset.UTC).getYear() % 100 + 2), "cvv", "123");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private HttpResponse<String> post(String path, Map<String, String> fields) throws Exception {
        return http.send(form(path, fields), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest form(String path, Map<String, String> fields) {
        String encoded = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(encoded)).build();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create(peach.baseUrl() + path);
    }

    private static HttpRequest.BodyPublisher body(Object value) throws IOException {
        return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(value));
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    private static Map<String, String> withoutSignature(Map<String, String> fields) {
        Map<String, String> copy = new LinkedHashMap<>(fields);
        copy.remove("signature");
        return copy;
    }
}
