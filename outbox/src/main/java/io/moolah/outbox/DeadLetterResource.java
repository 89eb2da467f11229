package io.moolah.outbox;

import io.moolah.platform.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Map;

/**
 * Each consuming service's dead letters, for an operator: an internal path (never routed by the gateway; reached
 * with a port-forward, docs/operations.md) that still needs an operator token.
 */
@Path("/internal/v1/dead-letters")
@Authenticated(operator = true)
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

    @Inject
    DeadLetterReplay replay;

    @GET
    public Map<String, List<DeadLetterReplay.DeadLetter>> open(@QueryParam("limit") @DefaultValue("100") int limit) {
        return Map.of("items", replay.open(limit));
    }

    @POST
    @Path("/{id}/replay")
    public DeadLetterReplay.DeadLetter replay(@PathParam("id") long id) {
        return replay.replay(id);
    }
}
