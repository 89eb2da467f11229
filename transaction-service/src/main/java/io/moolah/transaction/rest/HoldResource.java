package io.moolah.transaction.rest;

import io.moolah.platform.security.Authenticated;
import io.moolah.platform.security.CallerContext;
import io.moolah.transaction.service.HoldService;
import io.moolah.transaction.service.Idempotency;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/api/v1/holds")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class HoldResource {

    @Inject
    CallerContext caller;

    @Inject
    HoldService holds;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response place(@HeaderParam(Idempotency.HEADER) String key, HoldService.PlaceRequest body) {
        return Responses.of(holds.place(caller.get(), Idempotency.requireKey(key), body));
    }

    /** The body is optional: without an amount the whole hold is captured. */
    @POST
    @Path("/{holdId}/capture")
    public Response capture(@HeaderParam(Idempotency.HEADER) String key, @PathParam("holdId") String holdId,
                            HoldService.CaptureRequest body) {
        return Responses.of(holds.capture(caller.get(), Idempotency.requireKey(key), holdId, body));
    }

    @POST
    @Path("/{holdId}/void")
    public HoldService.HoldView voidHold(@PathParam("holdId") String holdId) {
        return holds.voidHold(caller.get(), holdId);
    }
}
