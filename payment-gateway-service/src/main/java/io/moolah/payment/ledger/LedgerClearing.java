package io.moolah.payment.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moolah.payment.config.PaymentSettings;
import io.moolah.platform.tracing.TraceParents;
import io.moolah.platform.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    PaymentSettings settings;

    @Inject
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(3)).build();

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
        HttpRequest request = TraceParents.inCurrentTrace(HttpRequest.newBuilder(URI.create(settings.ledgerUrl()
                        + "/api/v1/admin/clearing/" + provider + "/entries?currency=ZAR&date=" + day)))
                .timeout(java.time.Duration.ofSeconds(20))
                .header("Authorization", authorization == null ? "" : authorization)
                .GET().build();
        JsonNode answer;
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new ProblemException(503, "LEDGER_UNAVAILABLE", "Ledger unavailable",
                        "The ledger answered " + response.statusCode() + " for the clearing account's entries.");
            }
            answer = json.readTree(response.body());
        } catch (IOException e) {
            throw new ProblemException(503, "LEDGER_UNAVAILABLE", "Ledger unavailable", "The ledger cannot be reached.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(503, "LEDGER_UNAVAILABLE", "Ledger unavailable", "Interrupted.");
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
