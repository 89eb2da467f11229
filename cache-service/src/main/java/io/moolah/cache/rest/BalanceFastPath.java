package io.moolah.cache.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moolah.cache.model.BalanceSnapshot;
import io.moolah.cache.service.BalanceReads;
import io.moolah.platform.security.Caller;
import io.moolah.platform.security.TokenVerifier;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.UUID;

/**
 * Answers the commonest read, a balance held in this instance's memory for a token seen before, on the event loop:
 * no hop to a worker thread, no REST dispatch. Everything else (a new token, a miss, another's wallet, a bad
 * Min-Version) goes on to {@link WalletReadResource}, which answers it fully and in the same shape. Tokens are only
 * "remembered" after a full verification, until their expiry, so the fast path checks exactly what the slow one does.
 */
@ApplicationScoped
public class BalanceFastPath {
    @Inject
    TokenVerifier verifier;

    @Inject
    BalanceReads balances;

    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        // After the request id is set (RequestIds runs first), before the REST endpoints.
        router.route(HttpMethod.GET, "/api/v1/wallets/:walletId/balance").order(10).handler(this::answerFromMemory);
    }

    private void answerFromMemory(RoutingContext context) {
        if (context.request().getParam("at") != null) {
            // A balance in the past is the ledger's (WalletReadResource); memory holds only the current one.
            context.next();
            return;
        }
        BalanceSnapshot snapshot = fromMemory(context);
        if (snapshot == null) {
            context.next();
            return;
        }
        try {
            context.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json;charset=UTF-8")
                    .end(io.vertx.core.buffer.Buffer.buffer(json.writeValueAsBytes(snapshot)));
        } catch (JsonProcessingException e) {
            context.next();
        }
    }

    private BalanceSnapshot fromMemory(RoutingContext context) {
        Caller caller = verifier.remembered(context.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (caller == null) {
            return null;
        }
        UUID walletId;
        long minVersion;
        try {
            walletId = UUID.fromString(context.pathParam("walletId"));
            String min = context.request().getHeader(WalletReadResource.MIN_VERSION);
            minVersion = min == null || min.isEmpty() ? 0 : Long.parseLong(min);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return minVersion < 0 ? null : balances.inMemory(caller, walletId, minVersion);
    }
}
