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

/** Operators' payment work: refunds and reconciliation runs. */
@Path("/api/v1/admin")
@Authenticated(operator = true)
@Produces(MediaType.APPLICATION_JSON)
public class AdminPaymentResource {

    @Inject
    CallerContext caller;

    @Inject
    Reconciliations reconciliations;

    @Inject
    RefundService refunds;

    public record RefundRequest(String reason) {
    }

    /** Refunds a top-up to the card in full (201; 200 with Idempotent-Replayed when it was refunded before). */
    @POST
    @Path("/payments/{paymentId}/refund")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response refund(@HeaderParam(PaymentResource.IDEMPOTENCY_KEY) String key,
                           @PathParam("paymentId") String paymentId, RefundRequest body) {
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
    public Response reconcile(@HeaderParam("Authorization") String authorization, Reconciliations.Request body) {
        return Response.status(201).entity(reconciliations.run(caller.get(), authorization, body)).build();
    }

    @GET
    @Path("/reconciliations/{runId}")
    public Reconciliations.Run run(@PathParam("runId") String runId) {
        return reconciliations.find(runId);
    }
}
