package io.moolah.payment.zapper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moolah.payment.config.PaymentSettings;
import io.moolah.payment.provider.ProviderRecord;
import io.moolah.payment.provider.ProviderToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Zapper's platform API as docs/providers/zapper.md describes it: a service login (token kept for its 15 minutes),
 * decoding a QR code, reporting a payment our wallet collected ({@code paymentMethod.external}, idempotent on our
 * reference), and its status by our reference. "Unknown" answers (timeouts, 5xx) are {@link Unknown}: the payment may
 * or may not exist at Zapper, and only a later status query can tell.
 */
@ApplicationScoped
public class ZapperClient {

    @Inject
    PaymentSettings settings;

    @Inject
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(3)).build();
    private final ProviderToken token = new ProviderToken(this::login);

    /** Zapper could not be asked, or its answer does not tell what happened. */
    public static final class Unknown extends RuntimeException {
        public Unknown(String message) {
            super(message);
        }
    }

    /** The code is not a payable Zapper code. */
    public static final class InvalidCode extends RuntimeException {
        public InvalidCode(String message) {
            super(message);
        }
    }

    /**
     * A decoded code: who is paid, in which currency, and the amount when the code fixes it (0 when the payer chooses).
     */
    public record Merchant(String merchantReference, String siteReference, String merchantName, long amount,
                           boolean amountEditable, String currency) {
    }

    /** A payment at Zapper: {@code status} is processing, success or failed. */
    public record Payment(String reference, String paymentReference, String status) {
        public boolean succeeded() {
            return "success".equals(status);
        }

        public boolean failed() {
            return "failed".equals(status);
        }
    }

    public boolean isConfigured() {
        var zapper = settings.zapper();
        return zapper.apiKey().isPresent() && zapper.apiToken().isPresent() && zapper.organisationId().isPresent();
    }

    public Merchant decode(String qrCode) {
        String code = URLEncoder.encode(base64(qrCode), StandardCharsets.UTF_8);
        HttpResponse<String> response = call(HttpRequest.newBuilder(URI.create(settings.zapper().baseUrl() + "/v1/codes/" + code)).GET(),
                "decode a code");
        if (response.statusCode() == 404 || response.statusCode() == 400) {
            throw new InvalidCode("Zapper does not know this code");
        }
        return merchantOf(ok(response, "decode a code"));
    }

    /** A decode answer's merchant; {@link InvalidCode} when Zapper says the code is closed. */
    static Merchant merchantOf(JsonNode answer) {
        JsonNode merchant = answer.path("merchant");
        JsonNode invoice = answer.path("invoice");
        if ("closed".equals(invoice.path("state").asText())) {
            throw new InvalidCode("the code is closed");
        }
        return new Merchant(merchant.path("merchantReference").asText(), invoice.path("siteReference").asText(),
                merchant.path("merchantName").asText(), invoice.path("amount").asLong(0),
                merchant.path("features").path("amount").path("editable").asBoolean(false), currency(invoice, merchant));
    }

    /**
     * The code's currency: the invoice's, else the merchant's ({@code currencyISOCode}, or {@code currencyISO} as one
     * of Zapper's own examples spells it; docs/providers/zapper.md). A code that names none is ZAR, Zapper's only one.
     */
    private static String currency(JsonNode invoice, JsonNode merchant) {
        for (JsonNode field : new JsonNode[] {invoice.path("currencyISOCode"), merchant.path("currencyISOCode"),
                merchant.path("currencyISO")}) {
            if (field.isTextual() && !field.asText().isBlank()) {
                return field.asText().trim().toUpperCase(java.util.Locale.ROOT);
            }
        }
        return "ZAR";
    }

    /** Reports a payment our wallet made; the same reference again returns the same payment (never a second one). */
    public Payment pay(UUID reference, String qrCode, long amount, String currency, UUID walletId) {
        ObjectNode body = json.createObjectNode()
                .put("reference", reference.toString())
                .put("code", base64(qrCode))
                .put("amount", amount)
                .put("tipAmount", 0)
                .put("currencyISOCode", currency)
                .put("paymentUTCDate", Instant.now().toString());
        body.putObject("customer").put("id", walletId.toString());
        body.putObject("paymentMethod").putObject("external").put("reference", reference.toString()).put("status", "success");
        HttpResponse<String> response = call(HttpRequest.newBuilder(URI.create(settings.zapper().baseUrl() + "/v1/payments"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), "pay");
        if (response.statusCode() == 400 || response.statusCode() == 409) {
            return new Payment(reference.toString(), "", "failed");
        }
        return payment(ok(response, "pay"));
    }

    /** The payment with our reference, or null when Zapper never recorded it. */
    public Payment status(UUID reference) {
        HttpResponse<String> response = call(HttpRequest.newBuilder(URI.create(settings.zapper().baseUrl() + "/v1/payments/" + reference)).GET(),
                "query a payment");
        if (response.statusCode() == 404) {
            return null;
        }
        return payment(ok(response, "query a payment"));
    }

    /** Zapper's payments made on one UTC day, read page by page from the payment list (at most 200 pages). */
    public List<ProviderRecord> report(LocalDate day) {
        List<ProviderRecord> records = new ArrayList<>();
        String next = "/v1/payments?page=1&pageSize=50";
        for (int page = 0; page < 200 && next != null; page++) {
            JsonNode answer = ok(call(HttpRequest.newBuilder(URI.create(settings.zapper().baseUrl() + next)).GET(), "list payments"),
                    "list payments");
            for (JsonNode row : answer.path("payments")) {
                String date = row.path("paymentUTCDate").asText("");
                if (date.startsWith(day.toString())) {
                    records.add(new ProviderRecord(row.path("reference").asText(),
                            row.path("paymentReference").asText(), row.path("processedAmount").asLong(-1),
                            row.path("currencyISOCode").asText(), payment(row).succeeded()));
                }
            }
            next = answer.hasNonNull("nextPage") ? answer.path("nextPage").asText() : null;
        }
        return records;
    }

    /** A payment answer's status: Zapper's numbers (1 success, 2 failed) or words; anything else is still processing. */
    static Payment payment(JsonNode answer) {
        JsonNode status = answer.path("status");
        String text = status.isNumber() ? switch (status.asInt()) {
            case 1 -> "success";
            case 2 -> "failed";
            default -> "processing";
        } : status.asText("processing");
        return new Payment(answer.path("reference").asText(), answer.path("paymentReference").asText(), text);
    }

    private static String base64(String qrCode) {
        return Base64.getEncoder().encodeToString(qrCode.trim().getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode ok(HttpResponse<String> response, String what) {
        if (response.statusCode() != 200) {
            throw new Unknown("Zapper answered " + response.statusCode() + " when asked to " + what);
        }
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new Unknown("Zapper's answer to " + what + " is not JSON");
        }
    }

    private HttpResponse<String> call(HttpRequest.Builder request, String what) {
        if (!isConfigured()) {
            throw new Unknown("Zapper is not configured");
        }
        return token.call(current -> send(authorised(request, current), what), answer -> answer.statusCode() == 401);
    }

    private HttpRequest.Builder authorised(HttpRequest.Builder request, String current) {
        return request.copy().setHeader("x-api-key", settings.zapper().apiKey().orElseThrow())
                .setHeader("Authorization", "Bearer " + current);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String what) {
        try {
            return http.send(request.timeout(settings.zapper().timeout()).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Unknown("no answer from Zapper when asked to " + what + ": " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unknown("interrupted while asking Zapper to " + what);
        }
    }

    /** A service login; Zapper's tokens last 15 minutes, used for 14. */
    private ProviderToken.Grant login() {
        var zapper = settings.zapper();
        ObjectNode credentials = json.createObjectNode().put("apiToken", zapper.apiToken().orElseThrow())
                .put("organisationId", zapper.organisationId().orElseThrow());
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(zapper.baseUrl() + "/v1/auth/service/login"))
                .header("x-api-key", zapper.apiKey().orElseThrow()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(credentials.toString())), "log in");
        if (response.statusCode() != 200) {
            throw new Unknown("Zapper refused our credentials (" + response.statusCode() + ")");
        }
        return new ProviderToken.Grant(response.body().trim(), java.time.Duration.ofMinutes(14));
    }
}
