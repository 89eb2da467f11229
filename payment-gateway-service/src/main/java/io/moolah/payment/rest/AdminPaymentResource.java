package io.moolah.payment.rest;

import io.moolah.payment.reconciliation.Reconciliations;
import io.moolah.payment.service.RefundService;
import io.moolah.platform.security.Authenticated;
import io.moolah.platform.security.CallerContext;
import io.moolah.platform.web.IdempotencyKeys;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operators' payment work: refunds and reconciliation runs. */
@Path("/api/v1/admin")
@Authenticated(operator = true)
@Tag(name = "Operators")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class AdminPaymentResource {

    @Inject
    CallerContext caller;

    @Inject
    Reconciliations reconciliations;

    @Inject
    RefundService refunds;

    @Schema(name = "RefundRequest", description = "Why the top-up is refunded (kept with the refund).")
    public record RefundRequest(@Schema(required = true, maxLength = 500, description = "Not blank, at most 500 characters.") String reason) {
    }

    /** Refunds a top-up to the card in full (201; 200 with Idempotent-Replayed when it was refunded before). */
    @POST
    @Path("/payments/{paymentId}/refund")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "refundPayment", summary = "Refund a succeeded top-up to the card, in full (operators)")
    @APIResponse(responseCode = "201", description = "Refunded: Peach gave the money back to the card and the ledger took it "
            + "from the wallet.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RefundService.Refunded.class)))
    @APIResponse(responseCode = "200", description = "The payment was refunded before (replayed: true).",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RefundService.Refunded.class)))
    @APIResponse(responseCode = "400", description = "The Idempotency-Key is missing or malformed, or reason is missing or "
            + "longer than 500 characters.",
            extensions = @Extension(name = "x-problem-codes", value = "IDEMPOTENCY_KEY_REQUIRED INVALID_IDEMPOTENCY_KEY VALIDATION_FAILED UNKNOWN_FIELD"))
    @APIResponse(responseCode = "403", description = "Operators only.",
            extensions = @Extension(name = "x-problem-codes", value = "FORBIDDEN"))
    @APIResponse(responseCode = "404", description = "No such payment.",
            extensions = @Extension(name = "x-problem-codes", value = "PAYMENT_NOT_FOUND"))
    @APIResponse(responseCode = "409", description = "Not a succeeded top-up, a refund of it was tried before and left "
            + "unsettled (settle it by hand), or a refund of it (or a request with this key) is in flight.",
            extensions = @Extension(name = "x-problem-codes", value = "NOT_REFUNDABLE REFUND_ALREADY_TRIED REQUEST_IN_PROGRESS"))
    @APIResponse(responseCode = "415", description = "The body is not JSON.",
            extensions = @Extension(name = "x-problem-codes", value = "UNSUPPORTED_MEDIA_TYPE"))
    @APIResponse(responseCode = "422", description = "Nothing refunded: the key was used to refund another payment, the wallet "
            + "cannot give the money back (spent, frozen or closed, over its send limits), or Peach declined the refund.",
            extensions = @Extension(name = "x-problem-codes", value = "IDEMPOTENCY_KEY_REUSED INSUFFICIENT_FUNDS WALLET_NOT_ACTIVE "
                    + "DAILY_LIMIT_EXCEEDED MONTHLY_LIMIT_EXCEEDED REFUND_DECLINED"))
    @APIResponse(responseCode = "503", description = "The ledger cannot be reached (nothing refunded), Peach did not answer "
            + "(REFUND_OUTCOME_UNKNOWN: check the day's reconciliation before anything else), or the database is unavailable "
            + "for a moment.",
            extensions = @Extension(name = "x-problem-codes", value = "LEDGER_UNAVAILABLE REFUND_OUTCOME_UNKNOWN DATABASE_UNAVAILABLE"))
    public Response refund(@Parameter(description = "Client-chosen key, 1 to 128 printable ASCII characters: the same key for "
                                   + "the same payment answers the refund's state instead of refunding again.",
                                   required = true, schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = 128))
                           @HeaderParam(PaymentResource.IDEMPOTENCY_KEY) String key,
                           @Parameter(description = "The top-up's payment id.") @PathParam("paymentId") String paymentId,
                           RefundRequest body) {
        IdempotencyKeys.require(key);
        RefundService.Refunded refunded = refunds.refund(key, paymentId, body == null ? null : body.reason());
        Response.ResponseBuilder response = Response.status(refunded.replayed() ? 200 : 201).entity(refunded);
        if (refunded.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.build();
    }

    /** Runs a reconciliation now and answers its result (201); the run is kept. */
    @POST
    @Path("/reconciliations")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "runReconciliation",
            summary = "Reconcile one provider's UTC day: its report, our payments and the ledger's clearing account (operators)")
    @APIResponse(responseCode = "201", description = "The run, kept as found.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Reconciliations.Run.class)))
    @APIResponse(responseCode = "400", description = "provider is not PEACH or ZAPPER, or date is not a past or present day "
            + "from 2023 on.",
            extensions = @Extension(name = "x-problem-codes", value = "VALIDATION_FAILED UNKNOWN_FIELD"))
    @APIResponse(responseCode = "403", description = "Operators only.",
            extensions = @Extension(name = "x-problem-codes", value = "FORBIDDEN"))
    @APIResponse(responseCode = "415", description = "The body is not JSON.",
            extensions = @Extension(name = "x-problem-codes", value = "UNSUPPORTED_MEDIA_TYPE"))
    @APIResponse(responseCode = "503", description = "The provider's report or the ledger's clearing entries cannot be fetched "
            + "now, or the database is unavailable for a moment; nothing was kept.",
            extensions = @Extension(name = "x-problem-codes", value = "PROVIDER_UNAVAILABLE LEDGER_UNAVAILABLE DATABASE_UNAVAILABLE"))
    public Response reconcile(@Parameter(hidden = true) @HeaderParam("Authorization") String authorization,
                              Reconciliations.Request body) {
        return Response.status(201).entity(reconciliations.run(caller.get(), authorization, body)).build();
    }

    @GET
    @Path("/reconciliations/{runId}")
    @Operation(operationId = "getReconciliation", summary = "A kept reconciliation run (operators)")
    @APIResponse(responseCode = "200", description = "The run as it was found.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Reconciliations.Run.class)))
    @APIResponse(responseCode = "403", description = "Operators only.",
            extensions = @Extension(name = "x-problem-codes", value = "FORBIDDEN"))
    @APIResponse(responseCode = "404", description = "No such reconciliation run.",
            extensions = @Extension(name = "x-problem-codes", value = "RECONCILIATION_NOT_FOUND"))
    @APIResponse(responseCode = "503", description = "The database is unavailable for a moment; ask again after Retry-After.",
            extensions = @Extension(name = "x-problem-codes", value = "DATABASE_UNAVAILABLE"))
    public Reconciliations.Run run(@Parameter(description = "The run's id.") @PathParam("runId") String runId) {
        return reconciliations.find(runId);
    }
}
