package io.moolah.transaction.rest;

import io.moolah.transaction.shard.ShardScope;
import io.moolah.transaction.shard.ShardRouting;
import io.moolah.platform.web.PageLimit;
import io.moolah.platform.security.Authenticated;
import io.moolah.platform.security.CallerContext;
import io.moolah.transaction.service.HoldReads;
import io.moolah.transaction.service.HoldService;
import io.moolah.transaction.service.Idempotency;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moolah.platform.web.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/holds")
@Authenticated
@Tag(name = "Holds")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class HoldResource {

    @Inject
    ShardRouting routing;

    @Inject
    CallerContext caller;

    @Inject
    HoldService holds;

    @Inject
    HoldReads reads;

    @Inject
    ObjectMapper json;

    /** The caller's own holds, newest first (API.md "Documentation, history and listings"). */
    @GET
    @Operation(operationId = "listHolds", summary = "List the caller's holds, newest first")
    @APIResponse(responseCode = "200", description = "One page of holds; nextCursor is null on the last page.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HoldReads.Page.class)))
    @APIResponse(responseCode = "400", description = "A query parameter is invalid (or an operator named no walletId).",
            extensions = @Extension(name = "x-problem-codes", value = "VALIDATION_FAILED"))
    @APIResponse(responseCode = "404", description = "The wallet is not the caller's.",
            extensions = @Extension(name = "x-problem-codes", value = "WALLET_NOT_FOUND"))
    @APIResponse(responseCode = "503", description = "The database is unavailable for a moment; ask again.",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before sending it again.",
                    schema = @Schema(type = SchemaType.INTEGER)),
            extensions = @Extension(name = "x-problem-codes", value = "DATABASE_UNAVAILABLE"))
    public HoldReads.Page list(
            @Parameter(description = "Only holds with this status (exact, upper case).",
                    schema = @Schema(type = SchemaType.STRING, enumeration = {"OPEN", "CAPTURED", "VOIDED", "EXPIRED"}))
            @QueryParam("status") String status,
            @Parameter(description = "Only holds on this wallet (a wallet id); required for operators.",
                    schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            @QueryParam("walletId") String walletId,
            @Parameter(description = "Holds per page, 1 to 100 (20 when not given).",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100", defaultValue = "20"))
            @QueryParam("limit") String limit,
            @Parameter(description = "Opaque: the nextCursor of the previous page of this listing.")
            @QueryParam("cursor") String cursor) {
        return ShardScope.on(walletId != null ? routing.ofWallet(walletId) : routing.ofCaller(caller.get()),
                () -> reads.list(caller.get(), status, walletId, PageLimit.of(limit), cursor));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "placeHold",
            summary = "Set money aside on one of the caller's wallets until it is captured, voided or expires")
    @APIResponse(responseCode = "201", description = "Placed: the hold is OPEN and the wallet's available balance is lower.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HoldService.HoldView.class)))
    @APIResponse(responseCode = "400", description = "The Idempotency-Key is missing or malformed, the body is invalid, "
            + "or the reference is reserved for payments (qr:, refund:).",
            extensions = @Extension(name = "x-problem-codes", value = "IDEMPOTENCY_KEY_REQUIRED INVALID_IDEMPOTENCY_KEY "
                    + "UNKNOWN_FIELD RESERVED_REFERENCE"))
    @APIResponse(responseCode = "403", description = "Operators do not hold money.",
            extensions = @Extension(name = "x-problem-codes", value = "OPERATOR_CANNOT_HOLD"))
    @APIResponse(responseCode = "404", description = "The wallet is not the caller's.",
            extensions = @Extension(name = "x-problem-codes", value = "WALLET_NOT_FOUND"))
    @APIResponse(responseCode = "409", description = "A request with this Idempotency-Key is still being processed.",
            extensions = @Extension(name = "x-problem-codes", value = "REQUEST_IN_PROGRESS"))
    @APIResponse(responseCode = "415", description = "The body is not application/json.",
            extensions = @Extension(name = "x-problem-codes", value = "UNSUPPORTED_MEDIA_TYPE"))
    @APIResponse(responseCode = "422", description = "Refused; nothing was held.",
            extensions = @Extension(name = "x-problem-codes", value = "UNSUPPORTED_CURRENCY IDEMPOTENCY_KEY_REUSED "
                    + "CURRENCY_MISMATCH WALLET_NOT_ACTIVE INSUFFICIENT_FUNDS DAILY_LIMIT_EXCEEDED MONTHLY_LIMIT_EXCEEDED"))
    @APIResponse(responseCode = "503", description = "The database is unavailable for a moment; nothing was held: send the same "
            + "request (same key) again.",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before sending it again.",
                    schema = @Schema(type = SchemaType.INTEGER)),
            extensions = @Extension(name = "x-problem-codes", value = "DATABASE_UNAVAILABLE"))
    public Response place(
            @Parameter(description = "Client-chosen key, 1 to 128 printable ASCII characters without spaces: the same key "
                    + "with the same request gets the stored answer, never a second effect.", required = true)
            @HeaderParam(Idempotency.HEADER) String key,
            HoldService.PlaceRequest body) {
        return Responses.of(ShardScope.on(body != null && body.walletId() != null ? routing.ofWallet(body.walletId())
                : routing.ofCaller(caller.get()), () -> holds.place(caller.get(), Idempotency.requireKey(key), body)));
    }

    /**
     * The body is optional (API.md): without one, or without an amount, the whole hold is captured. So the body is
     * read here rather than by the framework, which would refuse a request without a content type.
     */
    @POST
    @Path("/{holdId}/capture")
    @Consumes(MediaType.WILDCARD)
    @Operation(operationId = "captureHold",
            summary = "Pay all of an open hold, or part of it (the rest is released), to its payee")
    @APIResponse(responseCode = "200", description = "Captured: the hold is CAPTURED and transactionId names the posted transaction.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HoldService.HoldView.class)))
    @APIResponse(responseCode = "400", description = "The Idempotency-Key is missing or malformed, or the body is invalid "
            + "(an amount above the held amount, say).",
            extensions = @Extension(name = "x-problem-codes", value = "IDEMPOTENCY_KEY_REQUIRED INVALID_IDEMPOTENCY_KEY "
                    + "UNKNOWN_FIELD VALIDATION_FAILED"))
    @APIResponse(responseCode = "403", description = "Operators do not hold money.",
            extensions = @Extension(name = "x-problem-codes", value = "OPERATOR_CANNOT_HOLD"))
    @APIResponse(responseCode = "404", description = "No such hold on the caller's wallets.",
            extensions = @Extension(name = "x-problem-codes", value = "HOLD_NOT_FOUND"))
    @APIResponse(responseCode = "409", description = "The hold cannot be captured now, or a request with this Idempotency-Key "
            + "is still being processed; nothing moved.",
            extensions = @Extension(name = "x-problem-codes", value = "REQUEST_IN_PROGRESS HOLD_BELONGS_TO_PAYMENT "
                    + "HOLD_EXPIRED HOLD_NOT_OPEN"))
    @APIResponse(responseCode = "415", description = "A body was sent that is not application/json.",
            extensions = @Extension(name = "x-problem-codes", value = "UNSUPPORTED_MEDIA_TYPE"))
    @APIResponse(responseCode = "422", description = "Refused; nothing moved.",
            extensions = @Extension(name = "x-problem-codes", value = "IDEMPOTENCY_KEY_REUSED WALLET_NOT_ACTIVE"))
    @APIResponse(responseCode = "503", description = "The database is unavailable for a moment; nothing moved: send the same "
            + "request (same key) again.",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before sending it again.",
                    schema = @Schema(type = SchemaType.INTEGER)),
            extensions = @Extension(name = "x-problem-codes", value = "DATABASE_UNAVAILABLE"))
    public Response capture(
            @Parameter(description = "Client-chosen key, 1 to 128 printable ASCII characters without spaces: the same key "
                    + "with the same request gets the stored answer, never a second effect.", required = true)
            @HeaderParam(Idempotency.HEADER) String key,
            @Parameter(description = "The hold's id.", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            @PathParam("holdId") String holdId,
            @Parameter(hidden = true) @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @RequestBody(required = false, description = "Optional: without a body, or without an amount, the whole hold is captured.",
                    content = @Content(mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = HoldService.CaptureRequest.class)))
            byte[] body) throws IOException {
        HoldService.CaptureRequest request = null;
        if (body != null && body.length > 0) {
            if (!isJson(contentType)) {
                throw new ProblemException(415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported media type", "Send the body as application/json.");
            }
            request = json.readValue(body, HoldService.CaptureRequest.class);
        }
        HoldService.CaptureRequest capture = request;
        return Responses.of(ShardScope.on(routing.ofCaller(caller.get()),
                () -> holds.capture(caller.get(), Idempotency.requireKey(key), holdId, capture)));
    }

    @POST
    @Path("/{holdId}/void")
    @Operation(operationId = "voidHold", summary = "Release an open hold; voiding a voided hold answers the same again")
    @APIResponse(responseCode = "200", description = "Voided: the hold is VOIDED and its money is available again.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HoldService.HoldView.class)))
    @APIResponse(responseCode = "403", description = "Operators do not hold money.",
            extensions = @Extension(name = "x-problem-codes", value = "OPERATOR_CANNOT_HOLD"))
    @APIResponse(responseCode = "404", description = "No such hold on the caller's wallets.",
            extensions = @Extension(name = "x-problem-codes", value = "HOLD_NOT_FOUND"))
    @APIResponse(responseCode = "409", description = "The hold cannot be voided: it settles with its payment, or it was "
            + "captured or expired.",
            extensions = @Extension(name = "x-problem-codes", value = "HOLD_BELONGS_TO_PAYMENT HOLD_NOT_OPEN"))
    @APIResponse(responseCode = "503", description = "The database is unavailable for a moment; send the same request again.",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before sending it again.",
                    schema = @Schema(type = SchemaType.INTEGER)),
            extensions = @Extension(name = "x-problem-codes", value = "DATABASE_UNAVAILABLE"))
    public HoldService.HoldView voidHold(
            @Parameter(description = "The hold's id.", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            @PathParam("holdId") String holdId) {
        return ShardScope.on(routing.ofCaller(caller.get()), () -> holds.voidHold(caller.get(), holdId));
    }

    private static boolean isJson(String contentType) {
        try {
            return contentType != null && MediaType.valueOf(contentType).isCompatible(MediaType.APPLICATION_JSON_TYPE);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
