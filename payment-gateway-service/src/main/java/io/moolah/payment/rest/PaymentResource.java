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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.LinkedHashMap;
import java.util.Map;

@Path("/api/v1")
@Authenticated
@Tag(name = "Payments")
@SecurityRequirement(name = "bearer")
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
    @Operation(operationId = "startTopUp", summary = "Start a card top-up of one of the caller's wallets (a Peach hosted checkout)")
    @APIResponse(responseCode = "201", description = "The top-up is recorded and its checkout opened: send the customer to "
            + "redirectUrl. The wallet is credited when Peach confirms the payment. A replay of the same request with the "
            + "same key answers the stored top-up (its status may have moved on).",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TopUpService.Started.class)))
    @APIResponse(responseCode = "400", description = "The Idempotency-Key is missing or malformed, or the body is invalid "
            + "(amount 1,000 to 5,000,000 cents, currency ZAR, provider PEACH).",
            extensions = @Extension(name = "x-problem-codes", value = "IDEMPOTENCY_KEY_REQUIRED INVALID_IDEMPOTENCY_KEY VALIDATION_FAILED UNKNOWN_FIELD"))
    @APIResponse(responseCode = "404", description = "No such wallet, or not the caller's.",
            extensions = @Extension(name = "x-problem-codes", value = "WALLET_NOT_FOUND"))
    @APIResponse(responseCode = "409", description = "A request with this Idempotency-Key is still being processed; retry shortly.",
            extensions = @Extension(name = "x-problem-codes", value = "REQUEST_IN_PROGRESS"))
    @APIResponse(responseCode = "415", description = "The body is not JSON.",
            extensions = @Extension(name = "x-problem-codes", value = "UNSUPPORTED_MEDIA_TYPE"))
    @APIResponse(responseCode = "422", description = "The key was used for another request, or the wallet is frozen or closed; "
            + "no checkout was opened.",
            extensions = @Extension(name = "x-problem-codes", value = "IDEMPOTENCY_KEY_REUSED WALLET_NOT_ACTIVE"))
    @APIResponse(responseCode = "503", description = "Peach could not open a checkout (the top-up is recorded FAILED: use a new "
            + "Idempotency-Key), or the database is unavailable for a moment (send the same request again after Retry-After).",
            extensions = @Extension(name = "x-problem-codes", value = "PROVIDER_UNAVAILABLE DATABASE_UNAVAILABLE"))
    public Response startTopUp(@Parameter(description = "Client-chosen key, 1 to 128 printable ASCII characters: the same key "
                                       + "with the same request answers the stored top-up instead of opening another checkout.",
                                       required = true, schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = 128))
                               @HeaderParam(IDEMPOTENCY_KEY) String key, TopUpService.TopUpRequest body) {
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
    @Operation(operationId = "payByQr", summary = "Pay a merchant from one of the caller's wallets by scanned Zapper QR code")
    @APIResponse(responseCode = "201", description = "Settled: SUCCEEDED (the merchant is paid and the hold captured) or "
            + "FAILED (Zapper declined; the hold is voided, nothing moved).",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = QrPaymentService.Answer.class)))
    @APIResponse(responseCode = "202", description = "PENDING: the ledger's or Zapper's answer is not known yet; the payment is "
            + "finished in the background. Poll GET /api/v1/payments/{paymentId}.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = QrPaymentService.Answer.class)))
    @APIResponse(responseCode = "400", description = "The Idempotency-Key is missing or malformed, or the body is invalid "
            + "(a qrCode of at most 2048 characters without control characters, a positive amount, currency ZAR).",
            extensions = @Extension(name = "x-problem-codes", value = "IDEMPOTENCY_KEY_REQUIRED INVALID_IDEMPOTENCY_KEY VALIDATION_FAILED UNKNOWN_FIELD"))
    @APIResponse(responseCode = "404", description = "No such wallet, or not the caller's (or not yet known to the ledger).",
            extensions = @Extension(name = "x-problem-codes", value = "WALLET_NOT_FOUND"))
    @APIResponse(responseCode = "409", description = "A request with this Idempotency-Key is still being processed; retry shortly.",
            extensions = @Extension(name = "x-problem-codes", value = "REQUEST_IN_PROGRESS"))
    @APIResponse(responseCode = "415", description = "The body is not JSON.",
            extensions = @Extension(name = "x-problem-codes", value = "UNSUPPORTED_MEDIA_TYPE"))
    @APIResponse(responseCode = "422", description = "Refused, nothing moved: the code is not payable, asks for another amount "
            + "or currency, the key was used for another request, the wallet is frozen or closed, or the ledger refused the "
            + "hold. A replay of a payment that failed other than by Zapper's decline answers its failure code again "
            + "(HOLD_UNKNOWN, NOT_AT_ZAPPER: failed by recovery).",
            extensions = @Extension(name = "x-problem-codes", value = "QR_CODE_INVALID QR_AMOUNT_MISMATCH QR_CURRENCY_MISMATCH "
                    + "IDEMPOTENCY_KEY_REUSED WALLET_NOT_ACTIVE INSUFFICIENT_FUNDS DAILY_LIMIT_EXCEEDED MONTHLY_LIMIT_EXCEEDED "
                    + "HOLD_UNKNOWN NOT_AT_ZAPPER"))
    @APIResponse(responseCode = "503", description = "Zapper cannot be reached (nothing recorded), or the database is "
            + "unavailable for a moment; send the same request again after Retry-After.",
            extensions = @Extension(name = "x-problem-codes", value = "PROVIDER_UNAVAILABLE DATABASE_UNAVAILABLE"))
    public Response payByQr(@Parameter(description = "Client-chosen key, 1 to 128 printable ASCII characters: the same key "
                                    + "with the same request answers the stored payment instead of paying again.",
                                    required = true, schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = 128))
                            @HeaderParam(IDEMPOTENCY_KEY) String key,
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
    @Operation(operationId = "listPayments", summary = "The caller's own payments (top-ups and QR payments), newest first")
    @APIResponse(responseCode = "200", description = "One page; nextCursor is null on the last page. An operator's page is empty.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PaymentListings.Page.class)))
    @APIResponse(responseCode = "400", description = "A query parameter is invalid.",
            extensions = @Extension(name = "x-problem-codes", value = "VALIDATION_FAILED"))
    @APIResponse(responseCode = "503", description = "The database is unavailable for a moment; ask again after Retry-After.",
            extensions = @Extension(name = "x-problem-codes", value = "DATABASE_UNAVAILABLE"))
    public PaymentListings.Page payments(@Parameter(description = "Only payments in this status (exact, upper case).",
                                                 schema = @Schema(type = SchemaType.STRING,
                                                         enumeration = {"PENDING", "SUCCEEDED", "FAILED", "CANCELLED", "REFUNDED"}))
                                         @QueryParam("status") String status,
                                         @Parameter(description = "Only payments created at or after this ISO-8601 time with an "
                                                 + "offset (2026-11-25T10:00:00Z).",
                                                 schema = @Schema(type = SchemaType.STRING, format = "date-time"))
                                         @QueryParam("from") String from,
                                         @Parameter(description = "Only payments created before this ISO-8601 time with an offset.",
                                                 schema = @Schema(type = SchemaType.STRING, format = "date-time"))
                                         @QueryParam("to") String to,
                                         @Parameter(description = "Payments per page, 1 to 100 (20 when not given).",
                                                 schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100", defaultValue = "20"))
                                         @QueryParam("limit") String limit,
                                         @Parameter(description = "Opaque: the nextCursor of the previous page of this listing.")
                                         @QueryParam("cursor") String cursor) {
        return listings.list(caller.get(), status, TimeParameters.instant("from", from), TimeParameters.instant("to", to),
                PageLimit.of(limit), cursor);
    }

    @GET
    @Path("/payments/{paymentId}")
    @Operation(operationId = "getPayment", summary = "One payment: the caller's own (any payment for an operator)")
    @APIResponse(responseCode = "200", description = "The payment.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PaymentViews.PaymentView.class)))
    @APIResponse(responseCode = "404", description = "No such payment, or not the caller's.",
            extensions = @Extension(name = "x-problem-codes", value = "PAYMENT_NOT_FOUND"))
    @APIResponse(responseCode = "503", description = "The database is unavailable for a moment; ask again after Retry-After.",
            extensions = @Extension(name = "x-problem-codes", value = "DATABASE_UNAVAILABLE"))
    public PaymentViews.PaymentView payment(@Parameter(description = "The payment's id.") @PathParam("paymentId") String paymentId) {
        return views.view(caller.get(), paymentId);
    }

}
