package io.moolah.payment.rest;

import io.moolah.payment.service.PaymentListings;
import io.moolah.payment.service.PaymentViews;
import io.moolah.payment.service.QrPaymentService;
import io.moolah.payment.service.TopUpService;
import io.moolah.platform.security.Authenticated;
import io.moolah.platform.security.CallerContext;
import io.moolah.platform.web.IdempotencyKeys;
import io.moolah.platform.web.PageLimit;
import io.moolah.platform.web.TimeParameters;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Map;

@Path("/api/v1")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class PaymentResource {
    static final String IDEMPOTENCY_KEY = IdempotencyKeys.HEADER;

    @Inject
    CallerContext caller;

    @Inject
    TopUpService topUps;

    @Inject
    PaymentViews views;

    @Inject
    PaymentListings listings;

    @Inject
    QrPaymentService qrPayments;

    @POST
    @Path("/topups")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response startTopUp(@HeaderParam(IDEMPOTENCY_KEY) String key, TopUpService.TopUpRequest body) {
        TopUpService.Started started = topUps.start(caller.get(), IdempotencyKeys.require(key), body);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("paymentId", started.paymentId());
        answer.put("status", started.status());
        answer.put("checkoutId", started.checkoutId());
        answer.put("redirectUrl", started.redirectUrl());
        Response.ResponseBuilder response = Response.status(201).entity(answer);
        if (started.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.build();
    }

    /** 201 when settled (SUCCEEDED, or FAILED when declined), 202 while the outcome is being found out. */
    @POST
    @Path("/qr-payments")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response payByQr(@HeaderParam(IDEMPOTENCY_KEY) String key,
                            QrPaymentService.QrRequest body) {
        QrPaymentService.Answer answer = qrPayments.pay(caller.get(), IdempotencyKeys.require(key), body);
        Map<String, Object> entity = new LinkedHashMap<>();
        entity.put("paymentId", answer.paymentId());
        entity.put("status", answer.status());
        entity.put("merchantName", answer.merchantName());
        Response.ResponseBuilder response = Response.status(answer.httpStatus()).entity(entity);
        if (answer.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.build();
    }

    /** The caller's own payments, newest first (API.md "Documentation, history and listings"). */
    @GET
    @Path("/payments")
    public PaymentListings.Page payments(@QueryParam("status") String status, @QueryParam("from") String from,
                                         @QueryParam("to") String to, @QueryParam("limit") String limit,
                                         @QueryParam("cursor") String cursor) {
        return listings.list(caller.get(), status, TimeParameters.instant("from", from), TimeParameters.instant("to", to),
                PageLimit.of(limit), cursor);
    }

    @GET
    @Path("/payments/{paymentId}")
    public PaymentViews.PaymentView payment(@PathParam("paymentId") String paymentId) {
        return views.view(caller.get(), paymentId);
    }

}
