package io.moolah.payment.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moolah.platform.outbound.UpstreamServerError;
import io.moolah.platform.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The ledger's side of a reconciliation: what moved through a provider's clearing account on a day, asked with the
 * operator's own token, by payment id (a top-up's entry carries {@code payment:<id>}, a QR capture {@code qr:<id>}); an
 * entry naming no payment (a customer's own hold captured into the account, say) is answered on its own, never dropped.
 */
@ApplicationScoped
public class LedgerClearing {

    @Inject
    ObjectMapper json;

    @Inject
    @RestClient
    LedgerApi ledger;

    /** An entry of the clearing account that names no payment (neither {@code payment:<id>} nor {@code qr:<id>}). */
    public record Unnamed(String transactionId, String reference, String externalRef, long amount) {
    }

    /**
     * What the clearing account moved that day: by payment id the amount (cents, unsigned), and every entry that names
     * no payment, one by one, so none is left out of a reconciliation.
     */
    public record Entries(Map<UUID, Long> byPayment, List<Unnamed> unnamed) {
    }

    public Entries entries(String authorization, String provider, LocalDate day) {
        JsonNode answer;
        try (Response response = ledger.clearingEntries(authorization == null ? "" : authorization, provider, "ZAR", day.toString())) {
            if (response.getStatus() != 200) {
                throw unavailable("The ledger answered " + response.getStatus() + " for the clearing account's entries.");
            }
            answer = json.readTree(response.readEntity(String.class));
        } catch (UpstreamServerError e) {
            throw unavailable("The ledger answered " + e.status() + " for the clearing account's entries.");
        } catch (ProcessingException | FaultToleranceException | IOException e) {
            throw unavailable("The ledger cannot be reached.");
        }
        Map<UUID, Long> amounts = new HashMap<>();
        List<Unnamed> unnamed = new ArrayList<>();
        for (JsonNode entry : answer.path("entries")) {
            UUID paymentId = paymentOf(entry.path("externalRef").asText(""), "payment:");
            if (paymentId == null) {
                paymentId = paymentOf(entry.path("reference").asText(""), "qr:");
            }
            long amount = Math.abs(entry.path("amount").asLong());
            if (paymentId != null) {
                amounts.merge(paymentId, amount, Long::sum);
            } else {
                unnamed.add(new Unnamed(text(entry, "transactionId"), text(entry, "reference"), text(entry, "externalRef"), amount));
            }
        }
        return new Entries(amounts, unnamed);
    }

    private static ProblemException unavailable(String detail) {
        return new ProblemException(503, "LEDGER_UNAVAILABLE", "Ledger unavailable", detail);
    }

    private static String text(JsonNode entry, String field) {
        JsonNode value = entry.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    private static UUID paymentOf(String text, String prefix) {
        if (!text.startsWith(prefix)) {
            return null;
        }
        try {
            return UUID.fromString(text.substring(prefix.length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
