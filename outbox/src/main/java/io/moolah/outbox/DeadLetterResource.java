package io.moolah.outbox;

import io.moolah.platform.security.Authenticated;
import io.moolah.platform.web.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;

/**
 * This service's dead letters, for an operator, at {@code /api/v1/admin/dead-letters/{area}}: the area is this
 * service's (accounts, ledger or payments, {@code moolah.audit.area}), so the gateway routes each area to its own
 * service as it does the operator audit. A replay is recorded in the operator audit ({@link OperatorAuditFilter}).
 */
@Path("/api/v1/admin/dead-letters/{area}")
@Authenticated(operator = true)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operators")
@SecurityRequirement(name = "bearer")
public class DeadLetterResource {

    @Inject
    DeadLetterReplay replay;

    @Inject
    OperatorArea area;

    @GET
    @Operation(operationId = "listDeadLetters", summary = "The records a consumer set aside and nobody replayed yet, oldest first",
            description = "Each area is kept by its own service: accounts (account-service), ledger (transaction-service),"
                    + " payments (payment-gateway-service).")
    @APIResponse(responseCode = "200", description = "The open dead letters, oldest first.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
                    requiredProperties = "items",
                    properties = @SchemaProperty(name = "items", type = SchemaType.ARRAY,
                            implementation = DeadLetterReplay.DeadLetter.class, description = "The open dead letters, oldest first."))))
    @APIResponse(responseCode = "403", description = "The token is not an operator's.",
            extensions = @Extension(name = "x-problem-codes", value = "FORBIDDEN"))
    @APIResponse(responseCode = "404", description = "No such area here, or limit is not a whole number.",
            extensions = @Extension(name = "x-problem-codes", value = "NOT_FOUND"))
    @APIResponse(responseCode = "503", description = "The database is unavailable for a moment; send the request again.",
            extensions = @Extension(name = "x-problem-codes", value = "DATABASE_UNAVAILABLE"))
    public Map<String, List<DeadLetterReplay.DeadLetter>> open(
            @Parameter(description = "Whose dead letters: accounts, ledger or payments.",
                    schema = @Schema(type = SchemaType.STRING, enumeration = {"accounts", "ledger", "payments"}))
            @PathParam("area") String requested,
            @Parameter(description = "At most this many: 1 to 500 (a value outside is brought within); 100 unless given.")
            @QueryParam("limit") @DefaultValue("100") int limit) {
        area.require(requested, "dead letters");
        return Map.of("items", replay.open(limit));
    }

    @POST
    @Path("/{id}/replay")
    @Operation(operationId = "replayDeadLetter", summary = "Hands a dead letter to its consumer again, once its cause is fixed",
            description = "Consumers are idempotent: a record that was applied meanwhile has no second effect. A replay"
                    + " that fails again keeps the dead letter open with the new error (replayError).")
    @APIResponse(responseCode = "200", description = "Replayed: the dead letter with replayedAt set.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeadLetterReplay.DeadLetter.class)))
    @APIResponse(responseCode = "403", description = "The token is not an operator's.",
            extensions = @Extension(name = "x-problem-codes", value = "FORBIDDEN"))
    @APIResponse(responseCode = "404", description = "No such dead letter in this area.",
            extensions = @Extension(name = "x-problem-codes", value = "NOT_FOUND DEAD_LETTER_NOT_FOUND"))
    @APIResponse(responseCode = "409", description = "It was replayed already.",
            extensions = @Extension(name = "x-problem-codes", value = "DEAD_LETTER_REPLAYED"))
    @APIResponse(responseCode = "422", description = "The consumer failed again, the record is not an event, or its consumer"
            + " does not run here.",
            extensions = @Extension(name = "x-problem-codes", value = "REPLAY_FAILED DEAD_LETTER_NOT_AN_EVENT CONSUMER_UNKNOWN"))
    @APIResponse(responseCode = "503", description = "The database is unavailable for a moment; send the request again.",
            extensions = @Extension(name = "x-problem-codes", value = "DATABASE_UNAVAILABLE"))
    public DeadLetterReplay.DeadLetter replay(
            @Parameter(description = "Whose dead letter: accounts, ledger or payments.",
                    schema = @Schema(type = SchemaType.STRING, enumeration = {"accounts", "ledger", "payments"}))
            @PathParam("area") String requested,
            @Parameter(description = "The dead letter's id, as listed.", schema = @Schema(type = SchemaType.INTEGER, format = "int64"))
            @PathParam("id") String id) {
        area.require(requested, "dead letters");
        long number;
        try {
            number = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("DEAD_LETTER_NOT_FOUND", "No such dead letter.");
        }
        return replay.replay(number);
    }
}
