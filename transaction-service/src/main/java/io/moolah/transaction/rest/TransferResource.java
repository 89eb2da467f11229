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

import java.util.concurrent.CompletionStage;

@Path("/api/v1/transfers")
@Authenticated
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
    public CompletionStage<Response> transfer(@HeaderParam(Idempotency.HEADER) String key, TransferService.Request body) {
        return transfers.transfer(caller.get(), Idempotency.requireKey(key), body).thenApply(Responses::of);
    }
}
