package io.moolah.payment.inbox;

import io.moolah.payment.config.PaymentSettings;
import io.moolah.payment.model.Payment;
import io.moolah.payment.model.WebhookNotification;
import io.moolah.payment.peach.PeachClient;
import io.moolah.payment.peach.PeachNotifications;
import io.moolah.payment.peach.ResultCodes;
import io.moolah.payment.repository.PaymentRepository;
import io.moolah.payment.repository.WebhookNotificationRepository;
import io.moolah.payment.service.PaymentStatusChanges;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Optional;

/**
 * Works through queued notifications, oldest first, in batches claimed with {@code FOR UPDATE SKIP LOCKED} (replicas
 * share the queue without taking the same row). For a Peach top-up: a success is believed only after Peach's status
 * API confirms it and the amount and currency match the intent; a rejection fails the payment; a pending notice
 * changes nothing. Only forward moves: a settled payment ignores later notices, except that a FAILED top-up that Peach
 * confirms as paid (a late success) is credited, because the money did arrive. When Peach cannot be asked, the
 * notification waits and is tried again (backing off), up to {@code max-attempts}.
 */
@ApplicationScoped
public class InboxProcessor {
    private static final Logger LOG = Logger.getLogger(InboxProcessor.class);

    @Inject
    WebhookNotificationRepository notifications;

    @Inject
    PaymentRepository payments;

    @Inject
    PeachNotifications readings;

    @Inject
    PeachClient peach;

    @Inject
    PaymentStatusChanges changes;

    @Inject
    PaymentSettings settings;

    @Scheduled(every = "${moolah.payment.inbox.interval:500ms}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void processDue() {
        for (WebhookNotification notification : notifications.claimDue(settings.inbox().batchSize())) {
            notification.attempts++;
            try {
                process(notification);
            } catch (PeachClient.ProviderUnavailable e) {
                retryLater(notification, e.getMessage());
            }
        }
    }

    private void process(WebhookNotification notification) {
        PeachNotifications.Reading reading = readings.read(notification.contentType, header(notification, "X-Initialization-Vector"),
                header(notification, "X-Authentication-Tag"),
                notification.bodyEncoding == WebhookNotification.BodyEncoding.TEXT ? notification.body : null);
        PeachNotifications.Notification notice = reading.notification();
        if (notice == null || notice.amount() < 0) {
            done(notification, WebhookNotification.Status.REJECTED, "incomplete: no result code, reference or amount");
            return;
        }
        Optional<Payment> found = notice.merchantTransactionId().isEmpty() ? payments.byCheckoutId(notice.checkoutId())
                : payments.byMerchantTransactionId(notice.merchantTransactionId());
        if (found.isEmpty() || found.get().type != Payment.Type.TOPUP) {
            done(notification, WebhookNotification.Status.UNMATCHED, "no top-up with this reference");
            return;
        }
        Payment payment = found.get();
        notification.paymentId = payment.id;
        if (payment.status == Payment.Status.SUCCEEDED || payment.status == Payment.Status.REFUNDED) {
            done(notification, WebhookNotification.Status.PROCESSED, "payment already " + payment.status);
            return;
        }
        ResultCodes.Outcome told = ResultCodes.classify(notice.resultCode());
        if (told == ResultCodes.Outcome.PENDING || told == ResultCodes.Outcome.UNKNOWN) {
            done(notification, WebhookNotification.Status.PROCESSED, "pending: nothing to do");
            return;
        }
        if (told.isSuccessful() || payment.status == Payment.Status.PENDING) {
            settleFromStatus(notification, payment);
        } else {
            done(notification, WebhookNotification.Status.PROCESSED, "payment already " + payment.status);
        }
    }

    /** Acts on what Peach's status API says, not on what the notification said. */
    private void settleFromStatus(WebhookNotification notification, Payment payment) {
        PeachClient.Status status = peach.status(payment.checkoutId);
        ResultCodes.Outcome confirmed = ResultCodes.classify(status.resultCode());
        if (confirmed.isSuccessful()) {
            if (status.amount() != payment.amount || !payment.currency.equals(status.currency())
                    || !payment.merchantTransactionId.equals(status.merchantTransactionId())) {
                LOG.errorf("Peach reports payment %s for checkout %s as %d %s, but the intent %s is %d %s: not credited",
                        status.paymentId(), payment.checkoutId, status.amount(), status.currency(), payment.id, payment.amount, payment.currency);
                done(notification, WebhookNotification.Status.REJECTED, "amount or currency differs from the intent: left for reconciliation");
                return;
            }
            changes.succeeded(payment, status.paymentId(), status.resultCode(), "confirmed by Peach's status query");
            done(notification, WebhookNotification.Status.PROCESSED, "succeeded");
        } else if (confirmed == ResultCodes.Outcome.REJECTED && payment.status == Payment.Status.PENDING) {
            changes.failed(payment, status.resultCode(), "rejected by Peach (" + status.resultCode() + ")");
            done(notification, WebhookNotification.Status.PROCESSED, "failed");
        } else if (confirmed == ResultCodes.Outcome.PENDING || confirmed == ResultCodes.Outcome.UNKNOWN) {
            retryLater(notification, "Peach's status is still " + status.resultCode());
        } else {
            done(notification, WebhookNotification.Status.PROCESSED, "payment already " + payment.status);
        }
    }

    private void retryLater(WebhookNotification notification, String why) {
        if (notification.attempts >= settings.inbox().maxAttempts()) {
            LOG.errorf("notification %d given up after %d attempts: %s", notification.id, notification.attempts, why);
            done(notification, WebhookNotification.Status.REJECTED, "gave up: " + why);
            return;
        }
        notification.status = WebhookNotification.Status.RETRY;
        notification.detail = why;
        notification.nextAttemptAt = Instant.now().plusMillis(Math.min(60_000, 250L << Math.min(8, notification.attempts)));
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
