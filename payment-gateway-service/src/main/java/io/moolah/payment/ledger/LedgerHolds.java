package io.moolah.payment.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moolah.payment.config.PaymentSettings;
import io.moolah.platform.security.ServiceCredential;
import io.moolah.platform.outbound.UpstreamServerError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.io.IOException;
import java.time.Instant;
import java.util.UUID;

/**
 * Places a payment's hold in the ledger on the internal path with this service's credential: only the payment service
 * may hold money under a payment's reference ({@code qr:}, {@code refund:}). The ledger checks balance, limits and the
 * wallet's status as for any hold; who may pay from the wallet was checked here, on the customer's own token. Keyed by
 * the payment, so a retry (ours, or {@link LedgerApi}'s after a lost answer) cannot hold twice. Capturing and voiding travel as events (QrPaymentSucceeded,
 * QrPaymentFailed, RefundSucceeded, RefundFailed), which survive a crash of this service; the hold never expires while
 * the payment is open.
 */
@ApplicationScoped
public class LedgerHolds {

    @Inject
    PaymentSettings settings;

    @Inject
    ObjectMapper json;

    @Inject
    ServiceCredential credential;

    @Inject
    @RestClient
    LedgerApi ledger;

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

    /** The hold of a QR payment, for a wallet the paying customer owns. */
    public Outcome place(UUID paymentId, UUID walletId, long amount, String currency) {
        return place("qr-hold:" + paymentId, referenceOf(paymentId), walletId, amount, currency);
    }

    /** The hold of a refund: the money must still be in the wallet. */
    public Outcome placeForRefund(UUID paymentId, UUID walletId, long amount, String currency) {
        return place("refund-hold:" + paymentId, refundReferenceOf(paymentId), walletId, amount, currency);
    }

    private Outcome place(String idempotencyKey, String reference, UUID walletId, long amount, String currency) {
        ObjectNode body = json.createObjectNode()
                .put("walletId", walletId.toString())
                .put("amount", amount)
                .put("currency", currency)
                .put("reference", reference)
                .put("expiresAt", Instant.now().plus(settings.qrHoldDuration()).toString());
        try (Response response = ledger.placeHold(credential.header(), idempotencyKey, body)) {
            JsonNode answer = response.hasEntity() ? json.readTree(response.readEntity(String.class)) : json.createObjectNode();
            if (response.getStatus() == 201) {
                return new Outcome(UUID.fromString(answer.path("holdId").asText()), 201, null, null);
            }
            return new Outcome(null, response.getStatus(), answer.path("code").asText("LEDGER_ERROR"), answer.path("detail").asText(""));
        } catch (UpstreamServerError e) {
            return new Outcome(null, e.status(), "LEDGER_UNAVAILABLE", e.getMessage());
        } catch (ProcessingException | FaultToleranceException | IOException | IllegalArgumentException e) {
            return new Outcome(null, 0, "LEDGER_UNAVAILABLE", e.getClass().getSimpleName());
        }
    }
}
