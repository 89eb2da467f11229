package io.moolah.payment.inbox;

import io.moolah.payment.config.PaymentSettings;
import io.moolah.payment.peach.PeachClient;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Works through queued notifications, oldest first. A batch is claimed with a lease in one short transaction (replicas
 * share the queue without taking the same row, and a replica that dies mid-batch leaves rows that come due again when
 * the lease ends); then each row is settled on its own: read and decided in one transaction, Peach's status API asked
 * with no transaction open, the outcome written in another ({@link InboxRows}). A slow provider therefore holds no
 * database connection or lock, and one row's failure never undoes another's. When Peach cannot be asked, the row waits
 * and is tried again (backing off), up to {@code max-attempts}; the status poll ({@link TopUpStatusPoll}) still settles
 * the payment after that.
 */
@ApplicationScoped
public class InboxProcessor {
    private static final Logger LOG = Logger.getLogger(InboxProcessor.class);

    @Inject
    InboxRows rows;

    @Inject
    PeachClient peach;

    @Inject
    PaymentSettings settings;

    @Scheduled(every = "${moolah.payment.inbox.interval:500ms}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void processDue() {
        for (long id : rows.claimDue(settings.inbox().batchSize())) {
            try {
                process(id);
            } catch (RuntimeException e) {
                // The lease runs out and the row comes due again; nothing was half-written (one transaction per step).
                LOG.warnf("notification %d: not settled this round: %s", id, e.toString());
            }
        }
    }

    void process(long id) {
        InboxRows.Decision decision = rows.decide(id);
        if (decision == null) {
            return;
        }
        PeachClient.Status status;
        try {
            status = peach.status(decision.checkoutId());
        } catch (PeachClient.ProviderUnavailable e) {
            rows.retryLater(id, e.getMessage());
            return;
        }
        rows.settle(id, decision.paymentId(), status);
    }
}
