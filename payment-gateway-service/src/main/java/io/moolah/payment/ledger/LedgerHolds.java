package io.moolah.payment.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moolah.payment.config.PaymentSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;

/**
 * Places a QR payment's hold in the ledger with the customer's own token (the customer is asking; the ledger checks
 * ownership, balance and limits as for any hold), keyed by the payment so a retry cannot hold twice. Capturing and
 * voiding are not done here: they travel as events (QrPaymentSucceeded, QrPaymentFailed), which need no customer
 * token and survive a crash of this service.
 */
@ApplicationScoped
public class LedgerHolds {

    @Inject
    PaymentSettings settings;

    @Inject
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(3)).build();

    /** The ledger's answer: a hold id, a refusal with its problem code, or nothing clear. */
    public record Outcome(UUID holdId, int status, String code, String detail) {
        public boolean placed() {
            return holdId != null;
        }

        /** A 4xx: the ledger refused (not enough money, a limit, a frozen wallet); nothing was held. */
        public boolean refused() {
            return holdId == null && status >= 400 && status < 500;
        }
    }

    public static String referenceOf(UUID paymentId) {
        return "qr:" + paymentId;
    }

    public static String refundReferenceOf(UUID paymentId) {
        return "refund:" + paymentId;
    }

    /** The hold of a QR payment, placed with the paying customer's token. */
    public Outcome place(String authorization, UUID paymentId, UUID walletId, long amount, String currency) {
        return place(authorization, "qr-hold:" + paymentId, referenceOf(paymentId), walletId, amount, currency);
    }

    /** The hold of a refund, placed with the operator's token: the money must still be in the wallet. */
    public Outcome placeForRefund(String authorization, UUID paymentId, UUID walletId, long amount, String currency) {
        return place(authorization, "refund-hold:" + paymentId, refundReferenceOf(paymentId), walletId, amount, currency);
    }

    private Outcome place(String authorization, String idempotencyKey, String reference, UUID walletId, long amount, String currency) {
        ObjectNode body = json.createObjectNode()
                .put("walletId", walletId.toString())
                .put("amount", amount)
                .put("currency", currency)
                .put("reference", reference)
                .put("expiresAt", Instant.now().plus(settings.qrHoldDuration()).toString());
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.ledgerUrl() + "/api/v1/holds"))
                .timeout(java.time.Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode answer = response.body().isEmpty() ? json.createObjectNode() : json.readTree(response.body());
            if (response.statusCode() == 201) {
                return new Outcome(UUID.fromString(answer.path("holdId").asText()), 201, null, null);
            }
            return new Outcome(null, response.statusCode(), answer.path("code").asText("LEDGER_ERROR"), answer.path("detail").asText(""));
        } catch (IOException | IllegalArgumentException e) {
            return new Outcome(null, 0, "LEDGER_UNAVAILABLE", e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, 0, "LEDGER_UNAVAILABLE", "interrupted");
        }
    }
}
