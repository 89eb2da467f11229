package io.moolah.cache.rest;

import io.moolah.cache.layer.LedgerLayer;
import io.moolah.cache.service.BalanceReads;
import io.moolah.cache.service.HistoryReads;
import io.moolah.platform.security.Authenticated;
import io.moolah.platform.security.CallerContext;
import io.moolah.platform.web.MinVersion;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.MDC;

import java.util.UUID;

/**
 * Balance and recent activity with API.md's shapes. {@code Min-Version}: the wallet version a client was given by
 * the write it just made; the answer is never older than that.
 */
@Path("/api/v1/wallets/{walletId}")
@Authenticated
@Tag(name = "Wallets")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class WalletReadResource {
    public static final String MIN_VERSION = MinVersion.HEADER;

    @Inject
    CallerContext caller;

    @Inject
    BalanceReads balances;

    @Inject
    HistoryReads history;

    @GET
    @Path("/balance")
    @Operation(operationId = "getWalletBalance",
            summary = "A wallet's balance now (cached), or its ledger balance as it stood at an instant (?at=, from the ledger)")
    @APIResponse(responseCode = "200", description = "Without at: the balance now, never older than Min-Version (the Balance "
            + "schema's fields: walletId, currency, ledgerBalance, heldAmount, availableBalance, version, asOf). With at: the "
            + "ledger's answer as it gave it, the ledger balance as it stood then (walletId, currency, ledgerBalance, at, "
            + "version; 0 and version 0 before the wallet's first posting), never cached.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
                    requiredProperties = {"walletId", "currency", "ledgerBalance", "version"},
                    properties = {
                            @SchemaProperty(name = "walletId", type = SchemaType.STRING, format = "uuid"),
                            @SchemaProperty(name = "currency", type = SchemaType.STRING, description = "ISO-4217, such as ZAR."),
                            @SchemaProperty(name = "ledgerBalance", type = SchemaType.INTEGER, format = "int64",
                                    description = "Cents: the posted balance (with at: as it stood then)."),
                            @SchemaProperty(name = "heldAmount", type = SchemaType.INTEGER, format = "int64",
                                    description = "Without at only. Cents on hold."),
                            @SchemaProperty(name = "availableBalance", type = SchemaType.INTEGER, format = "int64",
                                    description = "Without at only. Cents that can be spent: ledgerBalance less heldAmount."),
                            @SchemaProperty(name = "version", type = SchemaType.INTEGER, format = "int64",
                                    description = "The wallet's version, rising with every change (with at: its version then)."),
                            @SchemaProperty(name = "asOf", type = SchemaType.STRING, format = "date-time",
                                    description = "Without at only. When the ledger gave this balance."),
                            @SchemaProperty(name = "at", type = SchemaType.STRING, format = "date-time",
                                    description = "With at only. The instant asked for.")})))
    @APIResponse(responseCode = "400", description = "Min-Version is not a whole number of 0 or more, or at is not an ISO-8601 "
            + "time with an offset in the years 0001 to 9999, or is in the future.",
            extensions = @Extension(name = "x-problem-codes", value = "VALIDATION_FAILED"))
    @APIResponse(responseCode = "404", description = "No such wallet, or not the caller's.",
            extensions = @Extension(name = "x-problem-codes", value = "WALLET_NOT_FOUND"))
    @APIResponse(responseCode = "412", description = "The ledger says the wallet has not reached Min-Version.",
            extensions = @Extension(name = "x-problem-codes", value = "MIN_VERSION_NOT_REACHED"))
    @APIResponse(responseCode = "503", description = "The ledger had to be asked and cannot be; retry shortly (Retry-After).",
            extensions = @Extension(name = "x-problem-codes", value = "LEDGER_UNAVAILABLE"))
    public Response balance(@Parameter(description = "The wallet's id.") @PathParam("walletId") String walletId,
                            @Parameter(description = "The wallet version the caller's last write gave it: the answer is never "
                                    + "older than that. Not used with at.",
                                    schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "0"))
                            @HeaderParam(MIN_VERSION) String minVersion,
                            @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                            @Parameter(description = "An ISO-8601 instant with an offset (2026-11-25T10:00:00Z), not in the "
                                    + "future: the ledger balance as it stood then, asked of the ledger. Without it, the balance now.",
                                    schema = @Schema(type = SchemaType.STRING, format = "date-time"))
                            @QueryParam("at") String at,
                            @Parameter(hidden = true) @Context UriInfo uri) {
        if (at != null) {
            // A balance in the past is the ledger's alone (from its postings); nothing of it is cached.
            LedgerLayer.Reply reply = balances.balanceAt(caller.get(), wallet(walletId), uri.getQueryParameters(),
                    authorization, requestId());
            return Response.status(reply.status()).type(reply.contentType()).entity(reply.body()).build();
        }
        return Response.ok(balances.balance(caller.get(), wallet(walletId), minVersion(minVersion), authorization, requestId()))
                .type(MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/transactions")
    @Operation(operationId = "listWalletTransactions", summary = "A wallet's history, newest first")
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "Postings per page, 1 to 100 (20 when not given).",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100", defaultValue = "20"))
    @Parameter(name = "cursor", in = ParameterIn.QUERY, description = "Opaque: the nextCursor of the previous page of this listing.",
            schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = "from", in = ParameterIn.QUERY,
            description = "Only postings created at or after this ISO-8601 time with an offset (2026-11-25T10:00:00Z).",
            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
    @Parameter(name = "to", in = ParameterIn.QUERY, description = "Only postings created before this ISO-8601 time with an offset.",
            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
    @Parameter(name = "fields", in = ParameterIn.QUERY, description = "Comma-separated item fields to return (all when not "
            + "given): transactionId, type, direction, amount, currency, counterparty, reference, balanceAfter, createdAt.",
            schema = @Schema(type = SchemaType.STRING))
    @APIResponse(responseCode = "200", description = "One page of the history as the ledger gave it (the first page, asked "
            + "without query parameters, may come from the cache); nextCursor is null on the last page.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
                    requiredProperties = {"items", "nextCursor"},
                    properties = {
                            @SchemaProperty(name = "items", type = SchemaType.ARRAY, implementation = Object.class,
                                    description = "The wallet's postings, newest first, each an object with transactionId "
                                            + "(uuid), type, direction (CREDIT or DEBIT), amount (cents, unsigned), currency, "
                                            + "counterparty (the other wallet's id or a system account's key), reference, "
                                            + "balanceAfter (cents) and createdAt (date-time), or only the fields asked for."),
                            @SchemaProperty(name = "nextCursor", type = SchemaType.STRING, nullable = true,
                                    description = "Opaque: pass as cursor for the next page; null on the last page.")})))
    @APIResponse(responseCode = "400", description = "Min-Version is not a whole number of 0 or more, or a query parameter is "
            + "invalid.",
            extensions = @Extension(name = "x-problem-codes", value = "VALIDATION_FAILED"))
    @APIResponse(responseCode = "404", description = "No such wallet, or not the caller's.",
            extensions = @Extension(name = "x-problem-codes", value = "WALLET_NOT_FOUND"))
    @APIResponse(responseCode = "412", description = "The ledger says the wallet has not reached Min-Version.",
            extensions = @Extension(name = "x-problem-codes", value = "MIN_VERSION_NOT_REACHED"))
    @APIResponse(responseCode = "503", description = "The ledger had to be asked and cannot be; retry shortly (Retry-After).",
            extensions = @Extension(name = "x-problem-codes", value = "LEDGER_UNAVAILABLE"))
    public Response transactions(@Parameter(description = "The wallet's id.") @PathParam("walletId") String walletId,
                                 @Parameter(description = "The wallet version the caller's last write gave it: the first page "
                                         + "(asked without query parameters) is never older than that. Pages asked with query "
                                         + "parameters are read from the ledger as they stand.",
                                         schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "0"))
                                 @HeaderParam(MIN_VERSION) String minVersion,
                                 @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                 @Parameter(hidden = true) @Context UriInfo uri) {
        LedgerLayer.Reply reply = history.transactions(caller.get(), wallet(walletId), uri.getQueryParameters(),
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
        return MinVersion.parse(text);
    }

    private static String requestId() {
        Object id = MDC.get(RequestIds.MDC_KEY);
        return id == null ? null : id.toString();
    }
}
