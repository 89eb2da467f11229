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
import org.eclipse.microprofile.config.inject.ConfigProperty;

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
public class OperatorAuditResource {

    @Inject
    OperatorAudit audit;

    @ConfigProperty(name = "moolah.audit.area", defaultValue = "none")
    String area;

    @GET
    public Map<String, List<OperatorAudit.Entry>> recent(@PathParam("area") String requested,
                                                         @QueryParam("operatorId") String operatorId,
                                                         @QueryParam("limit") @DefaultValue("100") int limit) {
        if (!area.equals(requested)) {
            throw ProblemException.notFound("NOT_FOUND", "No such audit log.");
        }
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
