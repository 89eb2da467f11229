package io.moolah.transaction.rest;

import io.moolah.platform.security.Authenticated;
import io.moolah.platform.security.CallerContext;
import io.moolah.transaction.service.Idempotency;
import io.moolah.transaction.service.TransferService;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.concurrent.CompletionStage;

@Path("/api/v1/transfers")
@Authenticated
@Tag(name = "Transfers")
@SecurityRequirement(name = "bearer")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class TransferResource {

    @Inject
    CallerContext caller;

    @Inject
    TransferService transfers;

    /**
     * Answered when the transfer's batch has committed; no thread waits for it meanwhile (the writer completes the
     * answer), so concurrent transfers cost queue places, not worker threads.
     */
    @POST
    @Blocking // the token and the body are checked as on every other resource here, off the event loop
    @Operation(operationId = "createTransfer",
            summary = "Send money from one of the caller's wallets to another wallet, named by id or by phone number")
    @APIResponse(responseCode = "201", description = "Posted: the ledger has committed the transfer.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TransferService.Result.class)))
    @APIResponse(responseCode = "400", description = "The Idempotency-Key is missing or malformed, or the body is invalid.",
            extensions = @Extension(name = "x-problem-codes", value = "IDEMPOTENCY_KEY_REQUIRED INVALID_IDEMPOTENCY_KEY UNKNOWN_FIELD"))
    @APIResponse(responseCode = "404", description = "The sending wallet is not the caller's, or no wallet to send to was found.",
            extensions = @Extension(name = "x-problem-codes", value = "WALLET_NOT_FOUND RECIPIENT_NOT_FOUND"))
    @APIResponse(responseCode = "409", description = "A request with this Idempotency-Key is still being processed.",
            extensions = @Extension(name = "x-problem-codes", value = "REQUEST_IN_PROGRESS"))
    @APIResponse(responseCode = "415", description = "The body is not application/json.",
            extensions = @Extension(name = "x-problem-codes", value = "UNSUPPORTED_MEDIA_TYPE"))
    @APIResponse(responseCode = "422", description = "Refused; nothing moved.",
            extensions = @Extension(name = "x-problem-codes", value = "UNSUPPORTED_CURRENCY UNSUPPORTED_PHONE_NUMBER "
                    + "IDEMPOTENCY_KEY_REUSED SELF_TRANSFER CURRENCY_MISMATCH WALLET_NOT_ACTIVE RECIPIENT_WALLET_NOT_ACTIVE "
                    + "INSUFFICIENT_FUNDS DAILY_LIMIT_EXCEEDED MONTHLY_LIMIT_EXCEEDED RECIPIENT_BALANCE_LIMIT"))
    @APIResponse(responseCode = "503", description = "More transfers wait than the ledger takes, or the database is unavailable; "
            + "nothing moved: send the same request (same key) again.",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before sending it again.",
                    schema = @Schema(type = SchemaType.INTEGER)),
            extensions = @Extension(name = "x-problem-codes", value = "LEDGER_BUSY DATABASE_UNAVAILABLE"))
    public CompletionStage<Response> transfer(
            @Parameter(description = "Client-chosen key, 1 to 128 printable ASCII characters without spaces: the same key "
                    + "with the same request gets the stored answer, never a second transfer.", required = true)
            @HeaderParam(Idempotency.HEADER) String key,
            TransferService.Request body) {
        return transfers.transfer(caller.get(), Idempotency.requireKey(key), body).thenApply(Responses::of);
    }
}
