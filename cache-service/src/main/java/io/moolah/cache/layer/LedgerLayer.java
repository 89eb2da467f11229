package io.moolah.cache.layer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.moolah.cache.config.CacheSettings;
import io.moolah.cache.model.BalanceSnapshot;
import io.moolah.platform.tracing.TraceParents;
import io.moolah.platform.web.ProblemException;
import io.moolah.platform.web.RequestIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

/**
 * L3: the transaction-service's authoritative reads, asked with the caller's own token (the ledger checks ownership
 * again) and request id. A ledger that cannot be reached is a 503 problem, never a stale guess.
 */
@ApplicationScoped
public class LedgerLayer {

    /** The ledger's answer as it came: status, content type and body. */
    public record Reply(int status, String contentType, String body) {
    }

    @Inject
    CacheSettings settings;

    @Inject
    ObjectMapper json;

    private volatile HttpClient http;

    public BalanceSnapshot balance(UUID walletId, String authorization, String requestId) {
        Reply reply = get("/api/v1/wallets/" + walletId + "/balance", authorization, requestId);
        if (reply.status() == 404) {
            throw ProblemException.notFound("WALLET_NOT_FOUND", "No such wallet.");
        }
        if (reply.status() != 200) {
            throw unavailable("the ledger answered " + reply.status());
        }
        try {
            return json.readValue(reply.body(), BalanceSnapshot.class);
        } catch (IOException e) {
            throw unavailable("the ledger's answer could not be read");
        }
    }

    /** GET {@code pathAndQuery} on the ledger; 5xx and network failures become 503. */
    public Reply get(String pathAndQuery, String authorization, String requestId) {
        HttpRequest.Builder request = TraceParents.inCurrentTrace(HttpRequest.newBuilder(URI.create(settings.ledgerUrl() + pathAndQuery)))
                .timeout(settings.ledgerTimeout()).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (requestId != null) {
            request.header(RequestIds.HEADER, requestId);
        }
        try {
            HttpResponse<String> response = client().send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 500) {
                throw unavailable("the ledger answered " + response.statusCode());
            }
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse("application/json"),
                    response.body());
        } catch (IOException e) {
            throw unavailable(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
    }

    private HttpClient client() {
        if (http == null) {
            synchronized (this) {
                if (http == null) {
                    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(settings.ledgerTimeout()).build();
                }
            }
        }
        return http;
    }

    private static ProblemException unavailable(String why) {
        org.jboss.logging.Logger.getLogger(LedgerLayer.class).warnf("ledger (L3) unavailable: %s", why);
        return new ProblemException(503, "LEDGER_UNAVAILABLE", "Service unavailable",
                "The balance cannot be read right now; retry shortly.");
    }
}
