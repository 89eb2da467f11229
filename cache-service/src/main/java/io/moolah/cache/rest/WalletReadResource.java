package io.moolah.cache.rest;

import io.moolah.cache.layer.LedgerLayer;
import io.moolah.cache.service.BalanceReads;
import io.moolah.cache.service.HistoryReads;
import io.moolah.platform.security.Authenticated;
import io.moolah.platform.security.CallerContext;
import io.moolah.platform.web.ProblemException;
import io.moolah.platform.web.RequestIds;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.MDC;

import java.util.UUID;

/**
 * Balance and recent activity with API.md's shapes. {@code Min-Version}: the wallet version a client was given by
 * the write it just made; the answer is never older than that.
 */
@Path("/api/v1/wallets/{walletId}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class WalletReadResource {
    public static final String MIN_VERSION = "Min-Version";

    @Inject
    CallerContext caller;

    @Inject
    BalanceReads balances;

    @Inject
    HistoryReads history;

    @GET
    @Path("/balance")
    public Response balance(@PathParam("walletId") String walletId, @HeaderParam(MIN_VERSION) String minVersion,
                            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @QueryParam("at") String at,
                            @Context UriInfo uri) {
        if (at != null) {
            // A balance in the past is the ledger's alone (from its postings); nothing of it is cached.
            LedgerLayer.Reply reply = balances.balanceAt(caller.get(), wallet(walletId), uri.getRequestUri().getRawQuery(),
                    authorization, requestId());
            return Response.status(reply.status()).type(reply.contentType()).entity(reply.body()).build();
        }
        return Response.ok(balances.balance(caller.get(), wallet(walletId), minVersion(minVersion), authorization, requestId()))
                .type(MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/transactions")
    public Response transactions(@PathParam("walletId") String walletId, @HeaderParam(MIN_VERSION) String minVersion,
                                 @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context UriInfo uri) {
        LedgerLayer.Reply reply = history.transactions(caller.get(), wallet(walletId), uri.getRequestUri().getRawQuery(),
                minVersion(minVersion), authorization, requestId());
        return Response.status(reply.status()).type(reply.contentType()).entity(reply.body()).build();
    }

    private static UUID wallet(String walletId) {
        try {
            return UUID.fromString(walletId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("WALLET_NOT_FOUND", "No such wallet.");
        }
    }

    private static long minVersion(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        try {
            long version = Long.parseLong(text);
            if (version >= 0) {
                return version;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw ProblemException.badRequest("VALIDATION_FAILED", "Min-Version must be a whole number, 0 or more.");
    }

    private static String requestId() {
        Object id = MDC.get(RequestIds.MDC_KEY);
        return id == null ? null : id.toString();
    }
}
