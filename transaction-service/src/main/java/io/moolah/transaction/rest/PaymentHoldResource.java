package io.moolah.transaction.rest;

import io.moolah.transaction.shard.ShardRouting;
import io.moolah.transaction.shard.ShardScope;
import io.moolah.platform.security.ServiceCredential;
import io.moolah.transaction.service.HoldService;
import io.moolah.transaction.service.Idempotency;
import io.moolah.transaction.service.PaymentHolds;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The payment service's holds (references {@code qr:} and {@code refund:}), on an internal path the gateway never
 * routes, with the service credential instead of a customer's or operator's token.
 */
@Path("/internal/v1/payment-holds")
@Produces(MediaType.APPLICATION_JSON)
public class PaymentHoldResource {

    @Inject
    ServiceCredential credential;

    @Inject
    PaymentHolds holds;

    @Inject
    ShardRouting routing;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response place(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                          @HeaderParam(Idempotency.HEADER) String key, HoldService.PlaceRequest body) {
        credential.require(authorization);
        return Responses.of(ShardScope.on(routing.ofWallet(body == null ? null : body.walletId()),
                () -> holds.place(Idempotency.requireKey(key), body)));
    }
}
