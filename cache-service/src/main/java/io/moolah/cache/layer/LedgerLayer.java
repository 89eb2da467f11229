package io.moolah.cache.layer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.moolah.cache.model.BalanceSnapshot;
import io.moolah.platform.outbound.UpstreamServerError;
import io.moolah.platform.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * L3: the transaction-service's authoritative reads ({@link LedgerApi}), asked with the caller's own token (the ledger
 * checks ownership again) and request id. A ledger that cannot be reached, answers 5xx, or whose circuit breaker is
 * open is a 503 problem, never a stale guess; its 4xx answers are passed on as they came.
 */
@ApplicationScoped
public class LedgerLayer {
    private static final Logger LOG = Logger.getLogger(LedgerLayer.class);

    /** The ledger's answer as it came: status, content type and body. */
    public record Reply(int status, String contentType, String body) {
    }

    @Inject
    @RestClient
    LedgerApi ledger;

    @Inject
    ObjectMapper json;

    /** The balance now, at least at {@code minVersion} if the wallet has reached it, for the cache's layers to keep. */
    public BalanceSnapshot balance(UUID walletId, long minVersion, String authorization, String requestId) {
        Reply reply = ask(() -> ledger.balance(walletId, new MultivaluedHashMap<>(), header(minVersion), authorization, requestId));
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

    /** The balance with the caller's query ({@code ?at=}), passed on as the ledger answers it. */
    public Reply balance(UUID walletId, MultivaluedMap<String, String> query, String authorization, String requestId) {
        return ask(() -> ledger.balance(walletId, query, null, authorization, requestId));
    }

    /**
     * A page of history with the caller's query (none for the first page), passed on as the ledger answers it: read where
     * the wallet has reached {@code minVersion}, if it has.
     */
    public Reply transactions(UUID walletId, MultivaluedMap<String, String> query, long minVersion, String authorization,
                              String requestId) {
        return ask(() -> ledger.transactions(walletId, query, header(minVersion), authorization, requestId));
    }

    private static String header(long minVersion) {
        return minVersion > 0 ? String.valueOf(minVersion) : null;
    }

    private static Reply ask(Supplier<Response> call) {
        try (Response response = call.get()) {
            String type = response.getMediaType() == null ? "application/json" : response.getMediaType().toString();
            return new Reply(response.getStatus(), type, response.hasEntity() ? response.readEntity(String.class) : "");
        } catch (ProcessingException | UpstreamServerError | FaultToleranceException e) {
            throw unavailable(e.toString());
        }
    }

    private static ProblemException unavailable(String why) {
        LOG.warnf("ledger (L3) unavailable: %s", why);
        return new ProblemException(503, "LEDGER_UNAVAILABLE", "Service unavailable",
                "The balance cannot be read right now; retry shortly.");
    }
}
