package io.moolah.payment.peach;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moolah.payment.config.PaymentSettings;
import io.moolah.payment.provider.ProviderRecord;
import io.moolah.payment.provider.ProviderToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Peach Payments' hosted checkout, server to server (docs/providers/peach.md, sections 1, 2 and 5): an OAuth token
 * (kept until shortly before it expires, fetched again once on a 401), checkout creation and the status query. Any
 * failure to get a clear answer is {@link ProviderUnavailable}: the caller decides whether to retry.
 */
@ApplicationScoped
public class PeachClient {

    @Inject
    PaymentSettings settings;

    @Inject
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(3)).build();
    private final ProviderToken token = new ProviderToken(this::login);

    /** Peach could not be asked, or did not answer clearly. */
    public static final class ProviderUnavailable extends RuntimeException {
        public ProviderUnavailable(String message) {
            super(message);
        }
    }

    public record Checkout(String checkoutId, String redirectUrl) {
    }

    /** What Peach says about a checkout now. */
    public record Status(String paymentId, String merchantTransactionId, long amount, String currency, String resultCode) {
    }

    public boolean isConfigured() {
        PaymentSettings.Peach peach = settings.peach();
        return peach.clientId().isPresent() && peach.clientSecret().isPresent() && peach.merchantId().isPresent()
                && peach.entityId().isPresent() && peach.secretToken().isPresent();
    }

    public Checkout createCheckout(String merchantTransactionId, long amount, String currency) {
        PaymentSettings.Peach peach = settings.peach();
        ObjectNode body = json.createObjectNode()
                .put("authentication.entityId", peach.entityId().orElseThrow())
                .put("merchantTransactionId", merchantTransactionId)
                .put("amount", BigDecimal.valueOf(amount, 2))
                .put("currency", currency)
                .put("nonce", UUID.randomUUID().toString().replace("-", ""))
                .put("shopperResultUrl", peach.shopperResultUrl())
                .put("notificationUrl", peach.notificationUrl());
        JsonNode answer = call(() -> HttpRequest.newBuilder(URI.create(peach.baseUrl() + "/v2/checkout"))
                .header("Content-Type", "application/json")
                .header("Referer", peach.referer())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), "create a checkout");
        String checkoutId = answer.path("checkoutId").asText("");
        if (checkoutId.isEmpty()) {
            throw new ProviderUnavailable("Peach answered a checkout without an id");
        }
        return new Checkout(checkoutId, answer.path("redirectUrl").asText(""));
    }

    public Status status(String checkoutId) {
        JsonNode answer = call(() -> HttpRequest.newBuilder(URI.create(settings.peach().baseUrl() + "/v2/checkout/" + checkoutId + "/status"))
                .GET(), "query a checkout's status");
        String resultCode = answer.has("result.code") ? answer.path("result.code").asText() : answer.path("result").path("code").asText();
        return new Status(answer.path("id").asText(""), answer.path("merchantTransactionId").asText(""),
                Amounts.toCents(answer.path("amount").asText("")), answer.path("currency").asText(""), resultCode);
    }

    /**
     * Peach's settlement report for one UTC day (docs/providers/peach.md, section 8): debits (paymentType DB) with
     * their result; refunds are left out here.
     */
    public List<ProviderRecord> report(LocalDate day) {
        java.time.Instant from = day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        String url = settings.peach().baseUrl() + "/api/merchants/" + settings.peach().merchantId().orElse("") + "/transactions-recon?startDate="
                + from + "&endDate=" + from.plusSeconds(86_400);
        JsonNode answer = call(() -> HttpRequest.newBuilder(URI.create(url)).GET(), "fetch the settlement report");
        List<ProviderRecord> records = new ArrayList<>();
        for (JsonNode row : answer.path("transactions")) {
            if (!"DB".equals(row.path("paymentType").asText("DB"))) {
                continue;
            }
            String code = row.has("result.code") ? row.path("result.code").asText() : row.path("result").path("code").asText();
            records.add(new ProviderRecord(row.path("merchantTransactionId").asText(),
                    row.path("id").asText(), Amounts.toCents(row.path("amount").asText()), row.path("currency").asText(),
                    ResultCodes.classify(code).isSuccessful()));
        }
        return records;
    }

    /** A refund's answer: Peach's id of it and the result code (declines come back as 200 with a rejection code). */
    public record Refund(String refundId, String resultCode) {
    }

    /**
     * Refunds (paymentType RF) part or all of a paid debit (docs/providers/peach.md, section 6): no OAuth, the signature
     * over the fields is the authentication. No idempotency key exists at Peach: the caller must not retry blindly.
     */
    public Refund refund(String providerPaymentId, long amount, String currency) {
        if (!isConfigured()) {
            throw new ProviderUnavailable("Peach is not configured");
        }
        PaymentSettings.Peach peach = settings.peach();
        java.util.Map<String, String> fields = new java.util.TreeMap<>(java.util.Map.of(
                "authentication.entityId", peach.entityId().orElseThrow(),
                "id", providerPaymentId,
                "amount", BigDecimal.valueOf(amount, 2).toPlainString(),
                "currency", currency,
                "paymentType", "RF"));
        ObjectNode body = json.createObjectNode();
        fields.forEach(body::put);
        body.put(CheckoutSignature.SIGNATURE_FIELD, CheckoutSignature.sign(fields, peach.secretToken().orElseThrow()));
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(peach.baseUrl() + "/v1/checkout/refund"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), "refund a payment");
        if (response.statusCode() != 200) {
            throw new ProviderUnavailable("Peach answered " + response.statusCode() + " to a refund");
        }
        try {
            JsonNode answer = json.readTree(response.body());
            String code = answer.has("result.code") ? answer.path("result.code").asText() : answer.path("result").path("code").asText();
            return new Refund(answer.path("id").asText(""), code);
        } catch (IOException e) {
            throw new ProviderUnavailable("Peach's answer to a refund is not JSON");
        }
    }

    private interface RequestBuilder {
        HttpRequest.Builder build();
    }

    private JsonNode call(RequestBuilder request, String what) {
        if (!isConfigured()) {
            throw new ProviderUnavailable("Peach is not configured");
        }
        HttpResponse<String> response = token.call(current -> send(request.build().header("Authorization", "Bearer " + current), what),
                answer -> answer.statusCode() == 401);
        if (response.statusCode() != 200) {
            throw new ProviderUnavailable("Peach answered " + response.statusCode() + " to " + what);
        }
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new ProviderUnavailable("Peach's answer to " + what + " is not JSON");
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String what) {
        try {
            return http.send(request.timeout(settings.peach().timeout()).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ProviderUnavailable("cannot " + what + " at Peach: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailable("interrupted while trying to " + what);
        }
    }

    /** Peach's OAuth token, usable until a minute before it expires (so it never expires between being read and used). */
    private ProviderToken.Grant login() {
        PaymentSettings.Peach peach = settings.peach();
        ObjectNode credentials = json.createObjectNode()
                .put("clientId", peach.clientId().orElseThrow())
                .put("clientSecret", peach.clientSecret().orElseThrow())
                .put("merchantId", peach.merchantId().orElseThrow());
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(peach.baseUrl() + "/api/oauth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(credentials.toString())), "get an access token");
        if (response.statusCode() != 200) {
            throw new ProviderUnavailable("Peach refused our credentials (" + response.statusCode() + ")");
        }
        try {
            JsonNode answer = json.readTree(response.body());
            return new ProviderToken.Grant(answer.path("access_token").asText(),
                    java.time.Duration.ofSeconds(Math.max(0, answer.path("expires_in").asLong(0) - 60)));
        } catch (IOException e) {
            throw new ProviderUnavailable("Peach's token answer is not JSON");
        }
    }
}
