package io.moolah.outbox;

import io.moolah.platform.security.Authenticated;
import io.moolah.platform.security.Caller;
import io.moolah.platform.security.CallerContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Writes every operator request that changes something (any method but GET and HEAD) to {@link OperatorAudit}: who,
 * the method and path, the status it ended with. Refusals are recorded as well as successes.
 */
public class OperatorAuditFilter {

    @Inject
    CallerContext callerContext;

    @Inject
    OperatorAudit audit;

    @Authenticated
    @ServerResponseFilter
    public void record(ContainerRequestContext request, ContainerResponseContext response) {
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method)) {
            return;
        }
        Caller caller;
        try {
            caller = callerContext.get();
        } catch (IllegalStateException notAuthenticated) {
            return;
        }
        if (!caller.isOperator()) {
            return;
        }
        audit.record(caller.customerId(), method + " " + request.getUriInfo().getPath(), null,
                String.valueOf(response.getStatus()), null);
    }
}
