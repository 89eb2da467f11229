package io.moolah.transaction.rest;

import io.moolah.platform.security.Authenticated;
import io.moolah.platform.security.CallerContext;
import io.moolah.transaction.model.Approval;
import io.moolah.transaction.model.LedgerException;
import io.moolah.transaction.service.AdminLedgerService;
import io.moolah.transaction.service.Approvals;
import io.moolah.transaction.service.ClearingEntries;
import io.moolah.transaction.service.Idempotency;
import io.moolah.transaction.service.LedgerExceptions;
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

@Path("/api/v1/admin")
@Authenticated(operator = true)
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

    public record ReverseRequest(String reason) {
    }

    /** A provider's clearing account on one UTC day, for reconciliation. */
    @GET
    @Path("/clearing/{provider}/entries")
    public ClearingEntries.Day clearingEntries(@PathParam("provider") String provider, @QueryParam("date") String date,
                                               @QueryParam("currency") @DefaultValue("ZAR") String currency) {
        return clearing.of(provider, currency, date);
    }

    @POST
    @Path("/adjustments")
    public Response adjust(@HeaderParam(Idempotency.HEADER) String key, AdminLedgerService.AdjustmentRequest body) {
        return Responses.of(admin.adjust(caller.get(), Idempotency.requireKey(key), body));
    }

    @POST
    @Path("/transactions/{transactionId}/reverse")
    public Response reverse(@HeaderParam(Idempotency.HEADER) String key, @PathParam("transactionId") String transactionId,
                            ReverseRequest body) {
        return Responses.of(admin.reverse(caller.get(), Idempotency.requireKey(key), transactionId,
                body == null ? null : body.reason()));
    }

    /** Money booked but not settled as it should be (a provider paid after the hold was gone), for an operator. */
    @GET
    @Path("/ledger-exceptions")
    public java.util.Map<String, java.util.List<LedgerException>> ledgerExceptions(@QueryParam("status") String status) {
        return java.util.Map.of("items", exceptions.list(status));
    }

    @POST
    @Path("/ledger-exceptions/{id}/resolve")
    public LedgerException resolve(@PathParam("id") String id, LedgerExceptions.ResolveRequest body) {
        return exceptions.resolve(caller.get(), id, body);
    }

    /** Approvals waiting for a second operator (or decided: {@code status=APPROVED|REJECTED}). */
    @GET
    @Path("/approvals")
    public java.util.Map<String, java.util.List<Approval>> approvals(@QueryParam("status") String status) {
        return java.util.Map.of("items", approvals.list(status));
    }

    /** 201 with the posted transaction; 403 SAME_OPERATOR for the requester. */
    @POST
    @Path("/approvals/{approvalId}/approve")
    @Consumes(MediaType.WILDCARD)
    public Response approve(@PathParam("approvalId") String approvalId) {
        return Response.status(201).entity(approvals.approve(caller.get(), approvalId)).build();
    }

    @POST
    @Path("/approvals/{approvalId}/reject")
    public Approval reject(@PathParam("approvalId") String approvalId, Approvals.RejectRequest body) {
        return approvals.reject(caller.get(), approvalId, body);
    }
}
