package io.moolah.outbox;

import io.moolah.platform.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * This service's operator area ({@code moolah.audit.area}: accounts, ledger or payments): the last segment the gateway
 * routes on for the resources every service has (operator audit, dead letters), so each area reaches its own service.
 */
@ApplicationScoped
public class OperatorArea {

    @ConfigProperty(name = "moolah.audit.area", defaultValue = "none")
    String area;

    /** @throws ProblemException 404 when {@code requested} is another service's area */
    public void require(String requested, String what) {
        if (!area.equals(requested)) {
            throw ProblemException.notFound("NOT_FOUND", "No such " + what + ".");
        }
    }
}
