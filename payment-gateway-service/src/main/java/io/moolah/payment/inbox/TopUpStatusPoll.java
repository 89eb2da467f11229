package io.moolah.payment.inbox;

import io.moolah.payment.config.PaymentSettings;
import io.moolah.payment.model.Payment;
import io.moolah.payment.peach.PeachClient;
import io.moolah.payment.repository.PaymentRepository;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Settles top-ups whose notification never came (lost, or refused by a bug): a PENDING top-up older than
 * {@code top-up-poll-after} is asked of Peach's status API, at intervals that grow with its age (a fifth of it, from
 * {@code top-up-poll-after} to one hour), until {@code top-up-poll-for} has passed. Peach is asked with no transaction open; each
 * payment is settled in its own ({@link TopUpSettlement}, as for a notification). Replicas share the work: a payment is
 * claimed by moving its next check forward first.
 */
@ApplicationScoped
public class TopUpStatusPoll {
    private static final Logger LOG = Logger.getLogger(TopUpStatusPoll.class);
    private static final int BATCH = 20;

    @Inject
    PaymentRepository payments;

    @Inject
    PeachClient peach;

    @Inject
    TopUpSettlement settlement;

    @Inject
    PaymentSettings settings;

    @Scheduled(every = "${moolah.payment.top-up-poll-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        for (Claimed payment : claimDue(Instant.now())) {
            try {
                check(payment);
            } catch (PeachClient.ProviderUnavailable e) {
                LOG.infof("top-up %s: Peach cannot be asked now (%s); asked again later", payment.id(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.warnf("top-up %s: status poll failed this round: %s", payment.id(), e.toString());
            }
        }
    }

    /** A top-up this replica asks about in this round. */
    record Claimed(UUID id, String checkoutId) {
    }

    @Transactional
    List<Claimed> claimDue(Instant now) {
        List<Payment> due = payments.find("type = ?1 and status = ?2 and checkoutId is not null and createdAt < ?3"
                                + " and createdAt > ?4 and (nextStatusCheckAt is null or nextStatusCheckAt <= ?5) order by createdAt",
                        Payment.Type.TOPUP, Payment.Status.PENDING, now.minus(settings.topUpPollAfter()),
                        now.minus(settings.topUpPollFor()), now)
                .withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).page(0, BATCH).list();
        for (Payment payment : due) {
            payment.nextStatusCheckAt = now.plus(backoff(Duration.between(payment.createdAt, now), settings.topUpPollAfter()));
        }
        return due.stream().map(payment -> new Claimed(payment.id, payment.checkoutId)).toList();
    }

    void check(Claimed payment) {
        PeachClient.Status status = peach.status(payment.checkoutId());
        settle(payment.id(), status);
    }

    @Transactional
    void settle(UUID paymentId, PeachClient.Status status) {
        TopUpSettlement.Outcome outcome = settlement.apply(paymentId, status, "status poll, no notification came");
        if (outcome != TopUpSettlement.Outcome.STILL_PENDING) {
            LOG.infof("top-up %s settled by the status poll: %s", paymentId, outcome);
        }
    }

    /** A fifth of the top-up's age, at least {@code least} (the first wait) and at most an hour. */
    static Duration backoff(Duration age, Duration least) {
        Duration fifth = age.dividedBy(5);
        return fifth.compareTo(least) < 0 ? least : fifth.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : fifth;
    }
}
