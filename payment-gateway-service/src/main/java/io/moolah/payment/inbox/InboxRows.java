package io.moolah.payment.inbox;

import io.moolah.payment.config.PaymentSettings;
import io.moolah.payment.model.Payment;
import io.moolah.payment.model.WebhookNotification;
import io.moolah.payment.peach.PeachClient;
import io.moolah.payment.peach.PeachNotifications;
import io.moolah.payment.peach.ResultCodes;
import io.moolah.payment.repository.PaymentRepository;
import io.moolah.payment.repository.WebhookNotificationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The inbox processor's database steps, each its own short transaction (no provider is called inside one). */
@ApplicationScoped
public class InboxRows {
    private static final Logger LOG = Logger.getLogger(InboxRows.class);
    /** How long a claimed row is left to the replica that claimed it before another may take it. */
    static final int LEASE_SECONDS = 60;

    @Inject
    WebhookNotificationRepository notifications;

    @Inject
    PaymentRepository payments;

    @Inject
    PeachNotifications readings;

    @Inject
    TopUpSettlement settlement;

    @Inject
    PaymentSettings settings;

    /** A notification that needs Peach's word on its payment. */
    public record Decision(UUID paymentId, String checkoutId) {
    }

    /** Due rows, leased to this replica: their next attempt moves past the lease, so nobody else takes them meanwhile. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<Long> claimDue(int limit) {
        return ((List<Number>) notifications.getEntityManager().createNativeQuery("""
                        update webhook_notification set next_attempt_at = now() + make_interval(secs => ?2)
                        where id in (select id from webhook_notification
                                     where status in ('QUEUED', 'RETRY') and (next_attempt_at is null or next_attempt_at <= now())
                                     order by id limit ?1 for update skip locked)
                        returning id""")
                .setParameter(1, limit).setParameter(2, LEASE_SECONDS).getResultList())
                .stream().map(Number::longValue).sorted().toList();
    }

    /** Settles what needs no provider (incomplete, unmatched, settled, pending notices); otherwise what to ask Peach. */
    @Transactional
    public Decision decide(long id) {
        WebhookNotification notification = notifications.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (!isDue(notification)) {
            return null;
        }
        notification.attempts++;
        PeachNotifications.Reading reading = readings.read(notification.contentType, header(notification, "X-Initialization-Vector"),
                header(notification, "X-Authentication-Tag"),
                notification.bodyEncoding == WebhookNotification.BodyEncoding.TEXT ? notification.body : null);
        PeachNotifications.Notification notice = reading.notification();
        if (notice == null || notice.amount() < 0) {
            done(notification, WebhookNotification.Status.REJECTED, "incomplete: no result code, reference or amount");
            return null;
        }
        Optional<Payment> found = notice.merchantTransactionId().isEmpty() ? payments.byCheckoutId(notice.checkoutId())
                : payments.byMerchantTransactionId(notice.merchantTransactionId());
        if (found.isEmpty() || found.get().type != Payment.Type.TOPUP) {
            done(notification, WebhookNotification.Status.UNMATCHED, "no top-up with this reference");
            return null;
        }
        Payment payment = found.get();
        notification.paymentId = payment.id;
        if (payment.status == Payment.Status.SUCCEEDED || payment.status == Payment.Status.REFUNDED) {
            done(notification, WebhookNotification.Status.PROCESSED, "payment already " + payment.status);
            return null;
        }
        ResultCodes.Outcome told = ResultCodes.classify(notice.resultCode());
        if (told == ResultCodes.Outcome.PENDING || told == ResultCodes.Outcome.UNKNOWN) {
            done(notification, WebhookNotification.Status.PROCESSED, "pending: nothing to do");
            return null;
        }
        if (!told.isSuccessful() && payment.status != Payment.Status.PENDING) {
            done(notification, WebhookNotification.Status.PROCESSED, "payment already " + payment.status);
            return null;
        }
        return new Decision(payment.id, payment.checkoutId);
    }

    /** Acts on what Peach's status API said, not on what the notification said. */
    @Transactional
    public void settle(long id, UUID paymentId, PeachClient.Status status) {
        WebhookNotification notification = notifications.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (!isDue(notification)) {
            return;
        }
        switch (settlement.apply(paymentId, status, "notification " + id)) {
            case SUCCEEDED -> done(notification, WebhookNotification.Status.PROCESSED, "succeeded");
            case FAILED -> done(notification, WebhookNotification.Status.PROCESSED, "failed");
            case MISMATCH -> done(notification, WebhookNotification.Status.REJECTED,
                    "amount or currency differs from the intent: left for reconciliation");
            case STILL_PENDING -> retry(notification, "Peach's status is still " + status.resultCode());
            case ALREADY_SETTLED -> done(notification, WebhookNotification.Status.PROCESSED, "payment already settled");
        }
    }

    @Transactional
    public void retryLater(long id, String why) {
        retry(notifications.findById(id, LockModeType.PESSIMISTIC_WRITE), why);
    }

    private void retry(WebhookNotification notification, String why) {
        if (notification.attempts >= settings.inbox().maxAttempts()) {
            LOG.errorf("notification %d given up after %d attempts: %s; the status poll settles its payment", notification.id,
                    notification.attempts, why);
            done(notification, WebhookNotification.Status.REJECTED, "gave up: " + why);
            return;
        }
        notification.status = WebhookNotification.Status.RETRY;
        notification.detail = why;
        notification.nextAttemptAt = Instant.now().plusMillis(Math.min(60_000, 250L << Math.min(8, notification.attempts)));
    }

    private static boolean isDue(WebhookNotification notification) {
        return notification != null && (notification.status == WebhookNotification.Status.QUEUED
                || notification.status == WebhookNotification.Status.RETRY);
    }

    private static void done(WebhookNotification notification, WebhookNotification.Status status, String detail) {
        notification.status = status;
        notification.detail = detail;
        notification.processedAt = Instant.now();
    }

    /** A header as stored with the notification ("Name: value" lines), or null. */
    static String header(WebhookNotification notification, String name) {
        for (String line : notification.headers.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }
}
