package io.moolah.transaction.rest;

import io.moolah.platform.security.Authenticated;
import io.moolah.platform.security.CallerContext;
import io.moolah.transaction.service.Idempotency;
import io.moolah.transaction.service.TransferService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/api/v1/transfers")
@Authenticated
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class TransferResource {

    @Inject
    CallerContext caller;

    @Inject
    TransferService transfers;

    @POST
    public Response transfer(@HeaderParam(Idempotency.HEADER) String key, TransferService.Request body) {
        return Responses.of(transfers.transfer(caller.get(), Idempotency.requireKey(key), body));
    }
}
