package io.moolah.transaction.rest;

import io.moolah.platform.web.PageLimit;
import io.moolah.platform.security.Authenticated;
import io.moolah.platform.security.CallerContext;
import io.moolah.transaction.service.HoldReads;
import io.moolah.transaction.service.HoldService;
import io.moolah.transaction.service.Idempotency;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moolah.platform.web.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.QueryParam;
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

    @Inject
    HoldReads reads;

    @Inject
    ObjectMapper json;

    /** The caller's own holds, newest first (API.md "Documentation, history and listings"). */
    @GET
    public HoldReads.Page list(@QueryParam("status") String status, @QueryParam("walletId") String walletId,
                               @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return reads.list(caller.get(), status, walletId, PageLimit.of(limit), cursor);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response place(@HeaderParam(Idempotency.HEADER) String key, HoldService.PlaceRequest body) {
        return Responses.of(holds.place(caller.get(), Idempotency.requireKey(key), body));
    }

    /**
     * The body is optional (API.md): without one, or without an amount, the whole hold is captured. So the body is
     * read here rather than by the framework, which would refuse a request without a content type.
     */
    @POST
    @Path("/{holdId}/capture")
    @Consumes(MediaType.WILDCARD)
    public Response capture(@HeaderParam(Idempotency.HEADER) String key, @PathParam("holdId") String holdId,
                            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) throws IOException {
        HoldService.CaptureRequest request = null;
        if (body != null && body.length > 0) {
            if (!isJson(contentType)) {
                throw new ProblemException(415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported media type", "Send the body as application/json.");
            }
            request = json.readValue(body, HoldService.CaptureRequest.class);
        }
        return Responses.of(holds.capture(caller.get(), Idempotency.requireKey(key), holdId, request));
    }

    @POST
    @Path("/{holdId}/void")
    public HoldService.HoldView voidHold(@PathParam("holdId") String holdId) {
        return holds.voidHold(caller.get(), holdId);
    }

    private static boolean isJson(String contentType) {
        try {
            return contentType != null && MediaType.valueOf(contentType).isCompatible(MediaType.APPLICATION_JSON_TYPE);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
