package io.moolah.outbox;

import io.moolah.platform.security.Authenticated;
import io.moolah.platform.web.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
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
import java.util.UUID;

/**
 * The operator audit of this service at {@code GET /api/v1/admin/audit/{area}}: {@code accounts} (account-service),
 * {@code ledger} (transaction-service) or {@code payments} (payment-gateway-service), as {@code moolah.audit.area} says.
 */
@Path("/api/v1/admin/audit/{area}")
@Authenticated(operator = true)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operators")
@SecurityRequirement(name = "bearer")
public class OperatorAuditResource {

    @Inject
    OperatorAudit audit;

    @Inject
    OperatorArea area;

    @GET
    @Operation(operationId = "listOperatorAudit", summary = "The operator audit of one area, newest first",
            description = "Each area is kept by its own service: accounts (account-service), ledger (transaction-service),"
                    + " payments (payment-gateway-service).")
    @APIResponse(responseCode = "200", description = "The newest entries first.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
                    requiredProperties = "items",
                    properties = @SchemaProperty(name = "items", type = SchemaType.ARRAY,
                            implementation = OperatorAudit.Entry.class, description = "The entries, newest first."))))
    @APIResponse(responseCode = "400", description = "operatorId is not an operator id.",
            extensions = @Extension(name = "x-problem-codes", value = "VALIDATION_FAILED"))
    @APIResponse(responseCode = "403", description = "The token is not an operator's.",
            extensions = @Extension(name = "x-problem-codes", value = "FORBIDDEN"))
    @APIResponse(responseCode = "404", description = "No such audit log here, or limit is not a whole number.",
            extensions = @Extension(name = "x-problem-codes", value = "NOT_FOUND"))
    @APIResponse(responseCode = "503", description = "The database is unavailable for a moment; send the request again.",
            extensions = @Extension(name = "x-problem-codes", value = "DATABASE_UNAVAILABLE"))
    public Map<String, List<OperatorAudit.Entry>> recent(
            @Parameter(description = "Whose audit: accounts, ledger or payments.",
                    schema = @Schema(type = SchemaType.STRING, enumeration = {"accounts", "ledger", "payments"}))
            @PathParam("area") String requested,
            @Parameter(description = "Only this operator's entries.", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            @QueryParam("operatorId") String operatorId,
            @Parameter(description = "At most this many entries: 1 to 500 (a value outside is brought within); 100 unless given.")
            @QueryParam("limit") @DefaultValue("100") int limit) {
        area.require(requested, "audit log");
        UUID operator = null;
        if (operatorId != null && !operatorId.isBlank()) {
            try {
                operator = UUID.fromString(operatorId);
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalidField("operatorId", "must be an operator id");
            }
        }
        return Map.of("items", audit.recent(operator, limit));
    }
}
