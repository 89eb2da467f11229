package io.moolah.payment.zapper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moolah.payment.config.PaymentSettings;
import io.moolah.payment.provider.ProviderRecord;
import io.moolah.payment.provider.ProviderToken;
import io.moolah.platform.outbound.UpstreamServerError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Zapper's platform API as docs/providers/zapper.md describes it: a service login (token kept for its 15 minutes),
 * decoding a QR code, reporting a payment our wallet collected ({@code paymentMethod.external}, idempotent on our
 * reference), its status by our reference, and the payment list, through {@link ZapperApi} (which retries and holds
 * the circuit breaker). "Unknown" answers (timeouts, 5xx even after its retries, an open breaker) are {@link Unknown}:
 * the payment may or may not exist at Zapper, and only a later status query can tell.
 */
@ApplicationScoped
public class ZapperClient {

    @Inject
    PaymentSettings settings;

    @Inject
    ObjectMapper json;

    @Inject
    @RestClient
    ZapperApi zapper;

    private static final int PAGE_SIZE = 50;

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
        Answer answer = call((apiKey, bearer) -> zapper.decode(apiKey, bearer, code), "decode a code");
        if (answer.status() == 404 || answer.status() == 400) {
            throw new InvalidCode("Zapper does not know this code");
        }
        return merchantOf(ok(answer, "decode a code"));
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
        Answer answer = call((apiKey, bearer) -> zapper.pay(apiKey, bearer, body), "pay");
        if (answer.status() == 400 || answer.status() == 409) {
            return new Payment(reference.toString(), "", "failed");
        }
        return payment(ok(answer, "pay"));
    }

    /** The payment with our reference, or null when Zapper never recorded it. */
    public Payment status(UUID reference) {
        Answer answer = call((apiKey, bearer) -> zapper.status(apiKey, bearer, reference), "query a payment");
        if (answer.status() == 404) {
            return null;
        }
        return payment(ok(answer, "query a payment"));
    }

    /** Zapper's payments made on one UTC day, read page by page from the payment list (at most 200 pages). */
    public List<ProviderRecord> report(LocalDate day) {
        List<ProviderRecord> records = new ArrayList<>();
        Integer next = 1;
        for (int pages = 0; pages < 200 && next != null; pages++) {
            int page = next;
            JsonNode answer = ok(call((apiKey, bearer) -> zapper.payments(apiKey, bearer, page, PAGE_SIZE), "list payments"),
                    "list payments");
            for (JsonNode row : answer.path("payments")) {
                String date = row.path("paymentUTCDate").asText("");
                if (date.startsWith(day.toString())) {
                    records.add(new ProviderRecord(row.path("reference").asText(),
                            row.path("paymentReference").asText(), row.path("processedAmount").asLong(-1),
                            row.path("currencyISOCode").asText(), payment(row).succeeded()));
                }
            }
            next = answer.hasNonNull("nextPage") ? pageOf(answer.path("nextPage").asText()) : null;
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

    /** The page number a {@code nextPage} link names ({@code /v1/payments?page=2&pageSize=50}), or null if none. */
    static Integer pageOf(String link) {
        String query;
        try {
            query = URI.create(link).getRawQuery();
        } catch (IllegalArgumentException e) {
            return null;
        }
        for (String pair : query == null ? new String[0] : query.split("&")) {
            if (pair.startsWith("page=")) {
                try {
                    int page = Integer.parseInt(pair.substring("page=".length()));
                    return page > 0 ? page : null;
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** A Zapper answer below 500, read whole. */
    private record Answer(int status, String body) {
    }

    private JsonNode ok(Answer answer, String what) {
        if (answer.status() != 200) {
            throw new Unknown("Zapper answered " + answer.status() + " when asked to " + what);
        }
        try {
            return json.readTree(answer.body());
        } catch (IOException e) {
            throw new Unknown("Zapper's answer to " + what + " is not JSON");
        }
    }

    /** A call with the API key and the current token (once more with a fresh one after a 401). */
    private Answer call(BiFunction<String, String, Response> call, String what) {
        if (!isConfigured()) {
            throw new Unknown("Zapper is not configured");
        }
        String apiKey = settings.zapper().apiKey().orElseThrow();
        return token.call(current -> read(() -> call.apply(apiKey, "Bearer " + current), what), answer -> answer.status() == 401);
    }

    private static Answer read(Supplier<Response> call, String what) {
        try (Response response = call.get()) {
            return new Answer(response.getStatus(), response.hasEntity() ? response.readEntity(String.class) : "");
        } catch (ProcessingException | UpstreamServerError | FaultToleranceException e) {
            throw new Unknown("no answer from Zapper when asked to " + what + ": " + e);
        }
    }

    /** A service login; Zapper's tokens last 15 minutes, used for 14. */
    private ProviderToken.Grant login() {
        var settings = this.settings.zapper();
        ObjectNode credentials = json.createObjectNode().put("apiToken", settings.apiToken().orElseThrow())
                .put("organisationId", settings.organisationId().orElseThrow());
        Answer answer = read(() -> zapper.login(settings.apiKey().orElseThrow(), credentials), "log in");
        if (answer.status() != 200) {
            throw new Unknown("Zapper refused our credentials (" + answer.status() + ")");
        }
        return new ProviderToken.Grant(answer.body().trim(), Duration.ofMinutes(14));
    }
}
