package io.moolah.payment.peach;

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
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Peach Payments' hosted checkout, server to server (docs/providers/peach.md, sections 1, 2, 5, 6 and 8): an OAuth
 * token (kept until shortly before it expires, fetched again once on a 401), checkout creation, the status query, the
 * settlement report and refunds, through {@link PeachApi} (which retries what is safe to repeat and holds the circuit
 * breaker). Any failure to get a clear answer is {@link ProviderUnavailable}: the caller decides what to do next.
 */
@ApplicationScoped
public class PeachClient {

    @Inject
    PaymentSettings settings;

    @Inject
    ObjectMapper json;

    @Inject
    @RestClient
    PeachApi peach;

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
        JsonNode answer = call(bearer -> this.peach.createCheckout(bearer, peach.referer(), body), "create a checkout");
        String checkoutId = answer.path("checkoutId").asText("");
        if (checkoutId.isEmpty()) {
            throw new ProviderUnavailable("Peach answered a checkout without an id");
        }
        return new Checkout(checkoutId, answer.path("redirectUrl").asText(""));
    }

    public Status status(String checkoutId) {
        JsonNode answer = call(bearer -> peach.status(bearer, checkoutId), "query a checkout's status");
        String resultCode = answer.has("result.code") ? answer.path("result.code").asText() : answer.path("result").path("code").asText();
        return new Status(answer.path("id").asText(""), answer.path("merchantTransactionId").asText(""),
                Amounts.toCents(answer.path("amount").asText("")), answer.path("currency").asText(""), resultCode);
    }

    /**
     * Peach's settlement report for one UTC day (docs/providers/peach.md, section 8): debits (paymentType DB) with
     * their result; refunds are left out here.
     */
    public List<ProviderRecord> report(LocalDate day) {
        Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        String merchantId = settings.peach().merchantId().orElse("");
        JsonNode answer = call(bearer -> peach.report(bearer, merchantId, from.toString(), from.plusSeconds(86_400).toString()),
                "fetch the settlement report");
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
        Map<String, String> fields = new TreeMap<>(Map.of(
                "authentication.entityId", peach.entityId().orElseThrow(),
                "id", providerPaymentId,
                "amount", BigDecimal.valueOf(amount, 2).toPlainString(),
                "currency", currency,
                "paymentType", "RF"));
        ObjectNode body = json.createObjectNode();
        fields.forEach(body::put);
        body.put(CheckoutSignature.SIGNATURE_FIELD, CheckoutSignature.sign(fields, peach.secretToken().orElseThrow()));
        JsonNode answer = read(() -> this.peach.refund(body), "refund a payment");
        String code = answer.has("result.code") ? answer.path("result.code").asText() : answer.path("result").path("code").asText();
        return new Refund(answer.path("id").asText(""), code);
    }

    /** A call with the current token (once more with a fresh one after a 401), its 200 answer read as JSON. */
    private JsonNode call(Function<String, Response> call, String what) {
        if (!isConfigured()) {
            throw new ProviderUnavailable("Peach is not configured");
        }
        return read(() -> token.call(current -> call.apply("Bearer " + current), answer -> answer.getStatus() == 401), what);
    }

    /** The call's 200 answer as JSON; anything else, or no answer, is {@link ProviderUnavailable}. */
    private JsonNode read(Supplier<Response> call, String what) {
        try (Response response = call.get()) {
            if (response.getStatus() != 200) {
                throw new ProviderUnavailable("Peach answered " + response.getStatus() + " to " + what);
            }
            return json.readTree(response.readEntity(String.class));
        } catch (ProcessingException | UpstreamServerError | FaultToleranceException e) {
            throw new ProviderUnavailable("cannot " + what + " at Peach: " + e);
        } catch (IOException e) {
            throw new ProviderUnavailable("Peach's answer to " + what + " is not JSON");
        }
    }

    /** Peach's OAuth token, usable until a minute before it expires (so it never expires between being read and used). */
    private ProviderToken.Grant login() {
        PaymentSettings.Peach settings = this.settings.peach();
        ObjectNode credentials = json.createObjectNode()
                .put("clientId", settings.clientId().orElseThrow())
                .put("clientSecret", settings.clientSecret().orElseThrow())
                .put("merchantId", settings.merchantId().orElseThrow());
        JsonNode answer;
        try (Response response = peach.token(credentials)) {
            if (response.getStatus() != 200) {
                throw new ProviderUnavailable("Peach refused our credentials (" + response.getStatus() + ")");
            }
            answer = json.readTree(response.readEntity(String.class));
        } catch (ProcessingException | UpstreamServerError | FaultToleranceException e) {
            throw new ProviderUnavailable("cannot get an access token at Peach: " + e);
        } catch (IOException e) {
            throw new ProviderUnavailable("Peach's token answer is not JSON");
        }
        return new ProviderToken.Grant(answer.path("access_token").asText(),
                Duration.ofSeconds(Math.max(0, answer.path("expires_in").asLong(0) - 60)));
    }
}
