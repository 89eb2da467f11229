package io.moolah.transaction.rest;

import io.moolah.transaction.shard.ShardScope;
import io.moolah.transaction.shard.ShardRouting;
import io.moolah.platform.web.MinVersion;
import io.moolah.platform.web.PageLimit;
import io.moolah.platform.security.Authenticated;
import io.moolah.platform.security.CallerContext;
import io.moolah.platform.web.ProblemException;
import io.moolah.platform.web.TimeParameters;
import io.moolah.transaction.service.WalletReads;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/** The authoritative reads: the cache-service's L3, and reachable directly by operators and tools. */
@Path("/api/v1/wallets/{walletId}")
@Authenticated
@Tag(name = "Wallets")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class WalletResource {

    @Inject
    ShardRouting routing;

    @Inject
    CallerContext caller;

    @Inject
    WalletReads reads;

    @GET
    @Path("/balance")
    @Operation(operationId = "getLedgerBalance",
            summary = "The wallet's balance from the ledger: now, or as it stood at an instant (?at=)")
    @APIResponse(responseCode = "200", description = "Without at: the balance now (LedgerBalance); with at: the ledger "
            + "balance as it stood then (LedgerBalanceAt; 0 and version 0 before the wallet's first posting).",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(oneOf = {WalletReads.Balance.class, WalletReads.BalanceAt.class})))
    @APIResponse(responseCode = "400", description = "at is not an ISO-8601 time with an offset, or is in the future.",
            extensions = @Extension(name = "x-problem-codes", value = "VALIDATION_FAILED"))
    @APIResponse(responseCode = "404", description = "No such wallet, or not the caller's.",
            extensions = @Extension(name = "x-problem-codes", value = "WALLET_NOT_FOUND"))
    @APIResponse(responseCode = "503", description = "The database is unavailable for a moment; ask again.",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before sending it again.",
                    schema = @Schema(type = SchemaType.INTEGER)),
            extensions = @Extension(name = "x-problem-codes", value = "DATABASE_UNAVAILABLE"))
    public Object balance(
            @Parameter(description = "The wallet's id.", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            @PathParam("walletId") String walletId,
            @Parameter(description = "An ISO-8601 instant with an offset (2026-11-25T10:00:00Z), not in the future: the "
                    + "balance as it stood then. Without it, the balance now.",
                    schema = @Schema(type = SchemaType.STRING, format = "date-time"))
            @QueryParam("at") String at,
            @Parameter(description = "The wallet version the answer must have reached (read-your-writes; the cache-service "
                    + "passes its client's on): the replicas answer only when they have it, else the primary does.",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
            @HeaderParam(MinVersion.HEADER) String minVersion) {
        UUID id = wallet(walletId);
        long atLeast = MinVersion.parse(minVersion);
        return ShardScope.on(routing.ofWallet(id), () -> at != null
                ? reads.balanceAt(caller.get(), id, TimeParameters.instant("at", at))
                : reads.balance(caller.get(), id, atLeast));
    }

    @GET
    @Path("/transactions")
    @Operation(operationId = "listLedgerTransactions", summary = "The wallet's postings from the ledger, newest first")
    @APIResponse(responseCode = "200", description = "One page of the history; nextCursor is null on the last page.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WalletReads.Page.class)))
    @APIResponse(responseCode = "400", description = "A query parameter is invalid.",
            extensions = @Extension(name = "x-problem-codes", value = "VALIDATION_FAILED"))
    @APIResponse(responseCode = "404", description = "No such wallet, or not the caller's.",
            extensions = @Extension(name = "x-problem-codes", value = "WALLET_NOT_FOUND"))
    @APIResponse(responseCode = "503", description = "The database is unavailable for a moment; ask again.",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before sending it again.",
                    schema = @Schema(type = SchemaType.INTEGER)),
            extensions = @Extension(name = "x-problem-codes", value = "DATABASE_UNAVAILABLE"))
    public WalletReads.Page transactions(
            @Parameter(description = "The wallet's id.", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            @PathParam("walletId") String walletId,
            @Parameter(description = "Postings per page, 1 to 100 (20 when not given).",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100", defaultValue = "20"))
            @QueryParam("limit") String limit,
            @Parameter(description = "Opaque: the nextCursor of the previous page of this listing.")
            @QueryParam("cursor") String cursor,
            @Parameter(description = "Only postings created at or after this ISO-8601 time with an offset.",
                    schema = @Schema(type = SchemaType.STRING, format = "date-time"))
            @QueryParam("from") String from,
            @Parameter(description = "Only postings created before this ISO-8601 time with an offset.",
                    schema = @Schema(type = SchemaType.STRING, format = "date-time"))
            @QueryParam("to") String to,
            @Parameter(description = "Comma-separated item fields to return (all when not given): transactionId, type, "
                    + "direction, amount, currency, counterparty, reference, balanceAfter, createdAt.")
            @QueryParam("fields") String fields,
            @Parameter(description = "The wallet version the answer must have reached (read-your-writes; the cache-service "
                    + "passes its client's on): the replicas answer only when they have it, else the primary does.",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
            @HeaderParam(MinVersion.HEADER) String minVersion) {
        UUID id = wallet(walletId);
        long atLeast = MinVersion.parse(minVersion);
        return ShardScope.on(routing.ofWallet(id), () -> reads.history(caller.get(), id, PageLimit.of(limit), cursor,
                TimeParameters.instant("from", from), TimeParameters.instant("to", to), fields(fields), atLeast));
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
