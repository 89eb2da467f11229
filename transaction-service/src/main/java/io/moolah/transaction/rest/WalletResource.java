package io.moolah.transaction.rest;

import io.moolah.platform.web.PageLimit;
import io.moolah.platform.security.Authenticated;
import io.moolah.platform.security.CallerContext;
import io.moolah.platform.web.ProblemException;
import io.moolah.platform.web.TimeParameters;
import io.moolah.transaction.service.WalletReads;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/** The authoritative reads: the cache-service's L3, and reachable directly by operators and tools. */
@Path("/api/v1/wallets/{walletId}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class WalletResource {

    @Inject
    CallerContext caller;

    @Inject
    WalletReads reads;

    @GET
    @Path("/balance")
    public Object balance(@PathParam("walletId") String walletId, @QueryParam("at") String at) {
        if (at != null) {
            return reads.balanceAt(caller.get(), wallet(walletId), TimeParameters.instant("at", at));
        }
        return reads.balance(caller.get(), wallet(walletId));
    }

    @GET
    @Path("/transactions")
    public WalletReads.Page transactions(@PathParam("walletId") String walletId, @QueryParam("limit") String limit,
                                         @QueryParam("cursor") String cursor, @QueryParam("from") String from,
                                         @QueryParam("to") String to, @QueryParam("fields") String fields) {
        return reads.history(caller.get(), wallet(walletId), PageLimit.of(limit), cursor, TimeParameters.instant("from", from),
                TimeParameters.instant("to", to), fields(fields));
    }

    private static UUID wallet(String walletId) {
        try {
            return UUID.fromString(walletId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("WALLET_NOT_FOUND", "No such wallet.");
        }
    }

    private static Set<String> fields(String text) {
        if (text == null || text.isBlank()) {
            return Set.of();
        }
        Set<String> fields = new LinkedHashSet<>(Arrays.asList(text.split(",")));
        for (String field : fields) {
            if (!WalletReads.ITEM_FIELDS.contains(field)) {
                throw ProblemException.invalidField("fields", "unknown field " + field + "; choose from " + WalletReads.ITEM_FIELDS);
            }
        }
        return fields;
    }
}
