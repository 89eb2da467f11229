package io.moolah.payment.inbox;

import io.moolah.payment.model.WebhookNotification;
import io.moolah.payment.peach.PeachNotifications;
import io.moolah.payment.repository.WebhookNotificationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;

/**
 * The front of the inbox: every delivery is stored as received, in its own transaction, before anything is decided
 * about it (a body PostgreSQL text cannot hold is kept as base64 of its bytes, see {@link ReceivedBody}); then it is
 * judged. Authentic and new: queued for the processor. Authentic and seen before (the same
 * provider id and result): a duplicate, not queued. Not authentic: rejected, kept for audit.
 */
@ApplicationScoped
public class WebhookInbox {

    @Inject
    WebhookNotificationRepository notifications;

    /** What the sender is told. */
    public enum Verdict { ACCEPTED, DUPLICATE, NOT_AUTHENTIC }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public long store(String provider, String contentType, String headers, ReceivedBody body) {
        WebhookNotification notification = new WebhookNotification();
        notification.provider = provider;
        notification.receivedAt = Instant.now();
        notification.contentType = withoutNul(contentType);
        notification.headers = withoutNul(headers);
        notification.body = body.stored();
        notification.bodyEncoding = body.encoding();
        notification.status = WebhookNotification.Status.RECEIVED;
        notifications.persist(notification);
        return notification.id;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Verdict judge(long id, PeachNotifications.Reading reading) {
        WebhookNotification notification = notifications.findById(id);
        notification.authentic = reading.authentic();
        if (!reading.authentic()) {
            notification.status = WebhookNotification.Status.REJECTED;
            notification.detail = reading.rejection();
            notification.processedAt = Instant.now();
            return Verdict.NOT_AUTHENTIC;
        }
        String key = reading.notification().dedupeKey();
        if (notifications.count("dedupeKey", key) > 0) {
            markDuplicate(notification);
            return Verdict.DUPLICATE;
        }
        notification.dedupeKey = key;
        notification.status = WebhookNotification.Status.QUEUED;
        return Verdict.ACCEPTED;
    }

    /** When two deliveries of one notification race to claim its key, the loser ends here. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void duplicate(long id) {
        WebhookNotification notification = notifications.findById(id);
        notification.authentic = true;
        markDuplicate(notification);
    }

    /**
     * Header values are kept as text. PostgreSQL text cannot hold NUL and no provider sends one (such a delivery is
     * never authentic), so a NUL is kept as the six characters backslash, u, 0, 0, 0, 0.
     */
    static String withoutNul(String text) {
        return text == null ? null : text.replace("\0", "\\u0000");
    }

    private static void markDuplicate(WebhookNotification notification) {
        notification.status = WebhookNotification.Status.DUPLICATE;
        notification.detail = "delivered before";
        notification.processedAt = Instant.now();
    }
}
