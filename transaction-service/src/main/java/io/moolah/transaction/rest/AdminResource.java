package io.moolah.transaction.rest;

import java.util.List;
import java.util.Comparator;
import java.util.ArrayList;
import io.moolah.transaction.shard.ShardScope;
import io.moolah.transaction.service.CrossShardTransfers;
import io.moolah.transaction.shard.Shard;
import io.moolah.transaction.shard.ShardRouting;
import io.moolah.platform.security.Authenticated;
import io.moolah.platform.security.CallerContext;
import io.moolah.transaction.model.Approval;
import io.moolah.transaction.model.LedgerException;
import io.moolah.transaction.service.AdminLedgerService;
import io.moolah.transaction.service.Approvals;
import io.moolah.transaction.service.ClearingEntries;
import io.moolah.transaction.service.Idempotency;
import io.moolah.transaction.service.LedgerAudit;
import io.moolah.transaction.service.LedgerExceptions;
import io.moolah.transaction.service.Amounts;
import io.moolah.transaction.service.WalletMoves;
import io.moolah.platform.web.ProblemException;
import java.util.UUID;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/admin")
@Authenticated(operator = true)
@Tag(name = "Operators")
@SecurityRequirement(name = "bearer")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    @Inject
    CallerContext caller;

    @Inject
    AdminLedgerService admin;

    @Inject
    ClearingEntries clearing;

    @Inject
    LedgerExceptions exceptions;

    @Inject
    Approvals approvals;

    @Inject
    LedgerAudit audit;

    @Inject
    ShardRouting routing;

    @Inject
    CrossShardTransfers crossShard;

    @Inject
    WalletMoves moves;

    @Schema(name = "ReversalRequest", requiredProperties = "reason")
    public record ReverseRequest(@Schema(description = "Why the transaction is reversed (required, at most 140 characters).")
                                 String reason) {
    }

    /** A provider's clearing account on one UTC day, for reconciliation. */
    @GET
    @Path("/clearing/{provider}/entries")
    @Operation(operationId = "listClearingEntries",
            summary = "What moved through a provider's clearing account on one UTC day (the ledger's side of a reconciliation)")
    @APIResponse(responseCode = "200", description = "The day's entries, oldest first.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ClearingEntries.Day.class)))
    @APIResponse(responseCode = "400", description = "The provider, date or currency is invalid (date is required).",
            extensions = @Extension(name = "x-problem-codes", value = "VALIDATION_FAILED"))
    @APIResponse(responseCode = "403", description = "The token is not an operator's.",
            extensions = @Extension(name = "x-problem-codes", value = "FORBIDDEN"))
    @APIResponse(responseCode = "503", description = "The database is unavailable for a moment; ask again.",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before sending it again.",
                    schema = @Schema(type = SchemaType.INTEGER)),
            extensions = @Extension(name = "x-problem-codes", value = "DATABASE_UNAVAILABLE"))
    public ClearingEntries.Day clearingEntries(
            @Parameter(description = "The payment provider.",
                    schema = @Schema(type = SchemaType.STRING, enumeration = {"PEACH", "ZAPPER"}))
            @PathParam("provider") String provider,
            @Parameter(description = "The UTC day, an ISO-8601 date (2026-11-25).", required = true,
                    schema = @Schema(type = SchemaType.STRING, format = "date"))
            @QueryParam("date") String date,
            @Parameter(description = "The clearing account's currency; only ZAR.",
                    schema = @Schema(type = SchemaType.STRING, enumeration = "ZAR", defaultValue = "ZAR"))
            @QueryParam("currency") @DefaultValue("ZAR") String currency) {
        List<ClearingEntries.Day> days = routing.fromEvery(() -> List.of(clearing.of(provider, currency, date)));
        ClearingEntries.Day first = days.get(0);
        List<ClearingEntries.Entry> entries = new ArrayList<>();
        days.forEach(day -> entries.addAll(day.entries()));
        entries.sort(Comparator.comparing(ClearingEntries.Entry::createdAt));
        return new ClearingEntries.Day(first.provider(), first.currency(), first.date(), entries);
    }

    @POST
    @Path("/adjustments")
    @Operation(operationId = "createAdjustment",
            summary = "Correct a wallet against treasury suspense; above the approval amount a second operator must approve")
    @APIResponse(responseCode = "201", description = "Posted: the adjusting transaction.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = AdminLedgerService.Adjustment.class)))
    @APIResponse(responseCode = "202", description = "Above the approval amount: recorded for a second operator's "
            + "approval; nothing moved yet.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Approvals.Pending.class)))
    @APIResponse(responseCode = "400", description = "The Idempotency-Key is missing or malformed, or the body is invalid.",
            extensions = @Extension(name = "x-problem-codes", value = "IDEMPOTENCY_KEY_REQUIRED INVALID_IDEMPOTENCY_KEY UNKNOWN_FIELD"))
    @APIResponse(responseCode = "403", description = "The token is not an operator's.",
            extensions = @Extension(name = "x-problem-codes", value = "FORBIDDEN"))
    @APIResponse(responseCode = "404", description = "No such wallet.",
            extensions = @Extension(name = "x-problem-codes", value = "WALLET_NOT_FOUND"))
    @APIResponse(responseCode = "409", description = "A request with this Idempotency-Key is still being processed.",
            extensions = @Extension(name = "x-problem-codes", value = "REQUEST_IN_PROGRESS"))
    @APIResponse(responseCode = "415", description = "The body is not application/json.",
            extensions = @Extension(name = "x-problem-codes", value = "UNSUPPORTED_MEDIA_TYPE"))
    @APIResponse(responseCode = "422", description = "Refused; nothing moved.",
            extensions = @Extension(name = "x-problem-codes", value = "UNSUPPORTED_CURRENCY IDEMPOTENCY_KEY_REUSED "
                    + "CURRENCY_MISMATCH INSUFFICIENT_FUNDS"))
    @APIResponse(responseCode = "503", description = "The database is unavailable for a moment; nothing moved: send the same request "
            + "(same key) again.",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before sending it again.",
                    schema = @Schema(type = SchemaType.INTEGER)),
            extensions = @Extension(name = "x-problem-codes", value = "DATABASE_UNAVAILABLE"))
    public Response adjust(
            @Parameter(description = "Client-chosen key, 1 to 128 printable ASCII characters without spaces: the same key "
                    + "with the same request gets the stored answer, never a second effect.", required = true)
            @HeaderParam(Idempotency.HEADER) String key,
            AdminLedgerService.AdjustmentRequest body) {
        return Responses.of(ShardScope.on(routing.ofWallet(body == null ? null : body.walletId()),
                () -> admin.adjust(caller.get(), Idempotency.requireKey(key), body)));
    }

    @POST
    @Path("/transactions/{transactionId}/reverse")
    @Operation(operationId = "reverseTransaction",
            summary = "Ask for a transaction's reversal (every posting negated); a second operator must approve it")
    @APIResponse(responseCode = "202", description = "Recorded for a second operator's approval; nothing moved yet.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Approvals.Pending.class)))
    @APIResponse(responseCode = "400", description = "The Idempotency-Key is missing or malformed, or the body is invalid "
            + "(reason is required).",
            extensions = @Extension(name = "x-problem-codes", value = "IDEMPOTENCY_KEY_REQUIRED INVALID_IDEMPOTENCY_KEY UNKNOWN_FIELD"))
    @APIResponse(responseCode = "403", description = "The token is not an operator's.",
            extensions = @Extension(name = "x-problem-codes", value = "FORBIDDEN"))
    @APIResponse(responseCode = "404", description = "No such transaction.",
            extensions = @Extension(name = "x-problem-codes", value = "TRANSACTION_NOT_FOUND"))
    @APIResponse(responseCode = "409", description = "The transaction cannot be reversed, or a request with this "
            + "Idempotency-Key is still being processed.",
            extensions = @Extension(name = "x-problem-codes", value = "REQUEST_IN_PROGRESS CANNOT_REVERSE_REVERSAL ALREADY_REVERSED CROSS_SHARD_TRANSFER "
                    + "CANNOT_REVERSE_WALLET_MOVE WALLET_MOVED"))
    @APIResponse(responseCode = "415", description = "The body is not application/json.",
            extensions = @Extension(name = "x-problem-codes", value = "UNSUPPORTED_MEDIA_TYPE"))
    @APIResponse(responseCode = "422", description = "This Idempotency-Key was used with a different request.",
            extensions = @Extension(name = "x-problem-codes", value = "IDEMPOTENCY_KEY_REUSED"))
    @APIResponse(responseCode = "503", description = "The database is unavailable for a moment; nothing was recorded: send the same "
            + "request (same key) again.",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before sending it again.",
                    schema = @Schema(type = SchemaType.INTEGER)),
            extensions = @Extension(name = "x-problem-codes", value = "DATABASE_UNAVAILABLE"))
    public Response reverse(
            @Parameter(description = "Client-chosen key, 1 to 128 printable ASCII characters without spaces: the same key "
                    + "with the same request gets the stored answer, never a second effect.", required = true)
            @HeaderParam(Idempotency.HEADER) String key,
            @Parameter(description = "The transaction's id.", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            @PathParam("transactionId") String transactionId,
            ReverseRequest body) {
        return Responses.of(ShardScope.on(routing.forReversal(transactionId),
                () -> admin.reverse(caller.get(), Idempotency.requireKey(key), transactionId, body == null ? null : body.reason())));
    }

    /** The ledger's global invariants over every shard (docs/sharding.md): what ./moolah audit prints. */
    @GET
    @Path("/ledger/audit")
    @Operation(operationId = "auditLedger",
            summary = "Check the whole ledger: every entry balances, every balance is its postings, no wallet below zero, "
                    + "and all shards together sum to zero with the money in flight between them")
    @APIResponse(responseCode = "200", description = "The audit: clean, or the exact discrepancy and where.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LedgerAudit.Report.class)))
    @APIResponse(responseCode = "403", description = "The token is not an operator's.",
            extensions = @Extension(name = "x-problem-codes", value = "FORBIDDEN"))
    @APIResponse(responseCode = "503", description = "The database is unavailable for a moment; ask again.",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before sending it again.",
                    schema = @Schema(type = SchemaType.INTEGER)),
            extensions = @Extension(name = "x-problem-codes", value = "DATABASE_UNAVAILABLE"))
    public LedgerAudit.Report auditLedger() {
        return audit.run();
    }

    @Schema(name = "WalletMoveRequest", requiredProperties = {"toShard", "reason"})
    public record MoveRequest(@Schema(description = "The ledger shard to move the wallet to (0, 1, ...).") Integer toShard,
                              @Schema(description = "Why the wallet moves (required, at most 140 characters).") String reason) {
    }

    /** The operator procedure of docs/operations.md "Moving a wallet between shards". */
    @POST
    @Path("/ledger/wallets/{walletId}/move")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "moveWalletToShard",
            summary = "Move a frozen wallet's money, account and history to another ledger shard (the same request again "
                    + "finishes a move that stopped part-way)")
    @APIResponse(responseCode = "200", description = "The wallet is on the new shard, with its balance, version and history.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WalletMoves.Move.class)))
    @APIResponse(responseCode = "400", description = "toShard names no shard, or reason is missing or too long.",
            extensions = @Extension(name = "x-problem-codes", value = "VALIDATION_FAILED UNKNOWN_FIELD MALFORMED_JSON"))
    @APIResponse(responseCode = "403", description = "The token is not an operator's.",
            extensions = @Extension(name = "x-problem-codes", value = "FORBIDDEN"))
    @APIResponse(responseCode = "404", description = "No such wallet.",
            extensions = @Extension(name = "x-problem-codes", value = "WALLET_NOT_FOUND"))
    @APIResponse(responseCode = "409", description = "The wallet cannot move now: not frozen, holds open, a transfer on its "
            + "way between shards, a balance below zero, other wallets of the customer, already there, or moving elsewhere.",
            extensions = @Extension(name = "x-problem-codes", value = "WALLET_NOT_FROZEN WALLET_HAS_OPEN_HOLDS TRANSFERS_IN_FLIGHT "
                    + "WALLET_OVERDRAWN CUSTOMER_HAS_OTHER_WALLETS WALLET_ALREADY_ON_SHARD WALLET_MOVE_IN_PROGRESS"))
    @APIResponse(responseCode = "415", description = "The body is not application/json.",
            extensions = @Extension(name = "x-problem-codes", value = "UNSUPPORTED_MEDIA_TYPE"))
    @APIResponse(responseCode = "503", description = "The database is unavailable for a moment; send the same request again "
            + "(it finishes what was started).",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before sending it again.",
                    schema = @Schema(type = SchemaType.INTEGER)),
            extensions = @Extension(name = "x-problem-codes", value = "DATABASE_UNAVAILABLE"))
    public WalletMoves.Move moveWallet(
            @Parameter(description = "The wallet's id.", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            @PathParam("walletId") String walletId,
            MoveRequest body) {
        UUID wallet;
        try {
            wallet = UUID.fromString(walletId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("WALLET_NOT_FOUND", "No such wallet.");
        }
        if (body == null || body.toShard() == null) {
            throw ProblemException.invalidField("toShard", "is required");
        }
        return moves.move(caller.get(), wallet, body.toShard(), Amounts.text("reason", body.reason(), true));
    }

    /** Money booked but not settled as it should be (a provider paid after the hold was gone), for an operator. */
    @GET
    @Path("/ledger-exceptions")
    @Operation(operationId = "listLedgerExceptions",
            summary = "Money booked against treasury suspense because a provider paid after the payment's hold was gone")
    @APIResponse(responseCode = "200", description = "The ledger exceptions with that status.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
                    requiredProperties = "items",
                    properties = @SchemaProperty(name = "items", type = SchemaType.ARRAY, implementation = LedgerException.class))))
    @APIResponse(responseCode = "400", description = "status is not OPEN or RESOLVED.",
            extensions = @Extension(name = "x-problem-codes", value = "VALIDATION_FAILED"))
    @APIResponse(responseCode = "403", description = "The token is not an operator's.",
            extensions = @Extension(name = "x-problem-codes", value = "FORBIDDEN"))
    @APIResponse(responseCode = "503", description = "The database is unavailable for a moment; ask again.",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before sending it again.",
                    schema = @Schema(type = SchemaType.INTEGER)),
            extensions = @Extension(name = "x-problem-codes", value = "DATABASE_UNAVAILABLE"))
    public java.util.Map<String, java.util.List<LedgerException>> ledgerExceptions(
            @Parameter(description = "Which ones (exact, upper case; OPEN when not given).",
                    schema = @Schema(type = SchemaType.STRING, enumeration = {"OPEN", "RESOLVED"}, defaultValue = "OPEN"))
            @QueryParam("status") String status) {
        List<LedgerException> all = new ArrayList<>(routing.fromEvery(() -> exceptions.list(status)));
        all.sort(Comparator.comparing(LedgerException::createdAt));
        return java.util.Map.of("items", all);
    }

    @POST
    @Path("/ledger-exceptions/{id}/resolve")
    @Operation(operationId = "resolveLedgerException", summary = "Mark a ledger exception resolved, with a note")
    @APIResponse(responseCode = "200", description = "Resolved: the ledger exception as it now stands.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LedgerException.class)))
    @APIResponse(responseCode = "400", description = "The body is invalid (resolution is required).",
            extensions = @Extension(name = "x-problem-codes", value = "UNKNOWN_FIELD"))
    @APIResponse(responseCode = "403", description = "The token is not an operator's.",
            extensions = @Extension(name = "x-problem-codes", value = "FORBIDDEN"))
    @APIResponse(responseCode = "404", description = "No such ledger exception.",
            extensions = @Extension(name = "x-problem-codes", value = "LEDGER_EXCEPTION_NOT_FOUND"))
    @APIResponse(responseCode = "409", description = "It was resolved already.",
            extensions = @Extension(name = "x-problem-codes", value = "LEDGER_EXCEPTION_RESOLVED"))
    @APIResponse(responseCode = "415", description = "The body is not application/json.",
            extensions = @Extension(name = "x-problem-codes", value = "UNSUPPORTED_MEDIA_TYPE"))
    @APIResponse(responseCode = "503", description = "The database is unavailable for a moment; send the same request again.",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before sending it again.",
                    schema = @Schema(type = SchemaType.INTEGER)),
            extensions = @Extension(name = "x-problem-codes", value = "DATABASE_UNAVAILABLE"))
    public LedgerException resolve(
            @Parameter(description = "The ledger exception's id.", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            @PathParam("id") String id,
            LedgerExceptions.ResolveRequest body) {
        return ShardScope.on(routing.holding("ledger_exception", "id", id), () -> exceptions.resolve(caller.get(), id, body));
    }

    /** Approvals waiting for a second operator (or decided: {@code status=APPROVED|REJECTED}). */
    @GET
    @Path("/approvals")
    @Operation(operationId = "listApprovals", summary = "Reversals and large adjustments waiting for a second operator, or decided")
    @APIResponse(responseCode = "200", description = "The approvals with that status.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
                    requiredProperties = "items",
                    properties = @SchemaProperty(name = "items", type = SchemaType.ARRAY, implementation = Approval.class))))
    @APIResponse(responseCode = "400", description = "status is not PENDING, APPROVED or REJECTED.",
            extensions = @Extension(name = "x-problem-codes", value = "VALIDATION_FAILED"))
    @APIResponse(responseCode = "403", description = "The token is not an operator's.",
            extensions = @Extension(name = "x-problem-codes", value = "FORBIDDEN"))
    @APIResponse(responseCode = "503", description = "The database is unavailable for a moment; ask again.",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before sending it again.",
                    schema = @Schema(type = SchemaType.INTEGER)),
            extensions = @Extension(name = "x-problem-codes", value = "DATABASE_UNAVAILABLE"))
    public java.util.Map<String, java.util.List<Approval>> approvals(
            @Parameter(description = "Which ones (exact, upper case; PENDING when not given).",
                    schema = @Schema(type = SchemaType.STRING, enumeration = {"PENDING", "APPROVED", "REJECTED"}, defaultValue = "PENDING"))
            @QueryParam("status") String status) {
        List<Approval> all = new ArrayList<>(routing.fromEvery(() -> approvals.list(status)));
        all.sort(Comparator.comparing(Approval::requestedAt).reversed());
        return java.util.Map.of("items", all);
    }

    /** 201 with the posted transaction; 403 SAME_OPERATOR for the requester. */
    @POST
    @Path("/approvals/{approvalId}/approve")
    @Consumes(MediaType.WILDCARD)
    @Operation(operationId = "approveApproval",
            summary = "Approve another operator's reversal or adjustment: it is posted now")
    @APIResponse(responseCode = "201", description = "Approved and posted: the reversing (Reversal) or adjusting (Adjustment) transaction.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(oneOf = {AdminLedgerService.Reversal.class, AdminLedgerService.Adjustment.class})))
    @APIResponse(responseCode = "403", description = "The token is not an operator's, or the operator asked for this one "
            + "(a second operator must approve).",
            extensions = @Extension(name = "x-problem-codes", value = "FORBIDDEN SAME_OPERATOR"))
    @APIResponse(responseCode = "404", description = "No such approval.",
            extensions = @Extension(name = "x-problem-codes", value = "APPROVAL_NOT_FOUND"))
    @APIResponse(responseCode = "409", description = "It was approved or rejected already, or the transaction has been reversed since.",
            extensions = @Extension(name = "x-problem-codes", value = "APPROVAL_NOT_PENDING ALREADY_REVERSED"))
    @APIResponse(responseCode = "422", description = "Refused; nothing moved and the approval stays pending.",
            extensions = @Extension(name = "x-problem-codes", value = "CURRENCY_MISMATCH INSUFFICIENT_FUNDS"))
    @APIResponse(responseCode = "503", description = "The database is unavailable for a moment; nothing moved: send the same "
            + "request again.",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before sending it again.",
                    schema = @Schema(type = SchemaType.INTEGER)),
            extensions = @Extension(name = "x-problem-codes", value = "DATABASE_UNAVAILABLE"))
    public Response approve(
            @Parameter(description = "The approval's id.", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            @PathParam("approvalId") String approvalId) {
        Shard shard = routing.holding("approval", "id", approvalId);
        Object posted = ShardScope.on(shard, () -> approvals.approve(caller.get(), approvalId));
        if (posted instanceof AdminLedgerService.Reversal reversal) {
            // A reversal of a transfer between shards goes on to the sender's shard: at once, as a transfer does.
            ShardScope.run(shard, () -> crossShard.completeSent(reversal.transactionId()));
        }
        return Response.status(201).entity(posted).build();
    }

    @POST
    @Path("/approvals/{approvalId}/reject")
    @Operation(operationId = "rejectApproval", summary = "Reject a pending reversal or adjustment; nothing is posted")
    @APIResponse(responseCode = "200", description = "Rejected: the approval as it now stands.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Approval.class)))
    @APIResponse(responseCode = "400", description = "The body is invalid (reason is required).",
            extensions = @Extension(name = "x-problem-codes", value = "UNKNOWN_FIELD"))
    @APIResponse(responseCode = "403", description = "The token is not an operator's.",
            extensions = @Extension(name = "x-problem-codes", value = "FORBIDDEN"))
    @APIResponse(responseCode = "404", description = "No such approval.",
            extensions = @Extension(name = "x-problem-codes", value = "APPROVAL_NOT_FOUND"))
    @APIResponse(responseCode = "409", description = "It was approved or rejected already.",
            extensions = @Extension(name = "x-problem-codes", value = "APPROVAL_NOT_PENDING"))
    @APIResponse(responseCode = "415", description = "The body is not application/json.",
            extensions = @Extension(name = "x-problem-codes", value = "UNSUPPORTED_MEDIA_TYPE"))
    @APIResponse(responseCode = "503", description = "The database is unavailable for a moment; send the same request again.",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before sending it again.",
                    schema = @Schema(type = SchemaType.INTEGER)),
            extensions = @Extension(name = "x-problem-codes", value = "DATABASE_UNAVAILABLE"))
    public Approval reject(
            @Parameter(description = "The approval's id.", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            @PathParam("approvalId") String approvalId,
            Approvals.RejectRequest body) {
        return ShardScope.on(routing.holding("approval", "id", approvalId), () -> approvals.reject(caller.get(), approvalId, body));
    }
}
