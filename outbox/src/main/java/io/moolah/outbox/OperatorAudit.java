package io.moolah.outbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The append-only log of operator actions in this service's database ({@code operator_audit}; the database refuses
 * updates and deletes). Written by {@link OperatorAuditFilter} for every operator request that changes something, and
 * by services for what happens outside a request (a sign-in refused before any token exists).
 */
@ApplicationScoped
public class OperatorAudit {
    private static final Logger LOG = Logger.getLogger(OperatorAudit.class);

    @Inject
    EntityManager entityManager;

    @Schema(name = "OperatorAuditEntry", description = "One operator action, as the service recorded it.",
            requiredProperties = {"id", "at", "operatorId", "action", "outcome"})
    public record Entry(@Schema(description = "Grows with each entry of this area.") long id,
                        @Schema(description = "When it was recorded.") Instant at,
                        @Schema(description = "The operator who acted or tried to sign in.") UUID operatorId,
                        @Schema(description = "What was done: the method and path of a request that changes something, or"
                                + " \"operator sign-in\".") String action,
                        @Schema(description = "For a sign-in, the client's address; null for a request.", nullable = true)
                        String target,
                        @Schema(description = "How it ended: the response status of a request, or SIGNED_IN / REFUSED for a"
                                + " sign-in.") String outcome,
                        @Schema(description = "The X-Request-Id of the request it happened in.", nullable = true)
                        String requestId,
                        @Schema(description = "Anything more the service recorded; usually null.", nullable = true)
                        String detail) {
    }

    /** Records in its own transaction, so an action that failed and rolled back is still in the log. */
    public void record(UUID operatorId, String action, String target, String outcome, String detail) {
        Object requestId = MDC.get("requestId");
        try {
            QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                            insert into operator_audit (operator_id, action, target, outcome, request_id, detail)
                            values (?1, ?2, ?3, ?4, ?5, ?6)""")
                    .setParameter(1, operatorId).setParameter(2, action).setParameter(3, target).setParameter(4, outcome)
                    .setParameter(5, requestId == null ? null : requestId.toString()).setParameter(6, detail)
                    .executeUpdate());
        } catch (RuntimeException e) {
            // The action itself stands; the log line keeps what the table could not.
            LOG.errorf("operator audit not written (operator %s, %s %s, %s): %s", operatorId, action, target, outcome, e.toString());
        }
    }

    /** The newest entries first, optionally of one operator. */
    @SuppressWarnings("unchecked")
    public List<Entry> recent(UUID operatorId, int limit) {
        int bounded = Math.max(1, Math.min(limit, 500));
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = entityManager.createNativeQuery("select id, at, operator_id, action, target, outcome, request_id, detail"
                    + " from operator_audit" + (operatorId == null ? "" : " where operator_id = ?1") + " order by id desc limit " + bounded);
            if (operatorId != null) {
                query.setParameter(1, operatorId);
            }
            List<Object[]> rows = query.getResultList();
            return rows.stream().map(r -> new Entry(((Number) r[0]).longValue(), Timestamps.instant(r[1]), (UUID) r[2], (String) r[3],
                    (String) r[4], (String) r[5], (String) r[6], (String) r[7])).toList();
        });
    }
}
