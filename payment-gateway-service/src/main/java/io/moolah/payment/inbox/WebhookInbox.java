package io.moolah.payment.inbox;

import io.moolah.payment.peach.PeachNotifications;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * The front of the inbox. A delivery is stored only once it is known to be authentic (the caller checked the
 * provider's signature or encryption first: the public webhook path stores nothing for strangers), exactly as
 * received (a body PostgreSQL text cannot hold is kept as base64 of its bytes, see {@link ReceivedBody}). New: queued
 * for the processor. Seen before (the same provider id and result, the unique dedupe key): kept as a duplicate, not
 * queued. Only that key's conflict is a duplicate; any other failure reaches the caller, which answers 5xx so the
 * provider delivers again.
 */
@ApplicationScoped
public class WebhookInbox {

    @Inject
    EntityManager database;

    /** What the sender is told. */
    public enum Verdict { ACCEPTED, DUPLICATE }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Verdict accept(String provider, String contentType, String headers, ReceivedBody body,
                          PeachNotifications.Notification notification) {
        int queued = database.createNativeQuery("""
                        insert into webhook_notification (provider, received_at, content_type, headers, body, body_encoding,
                                                          authentic, dedupe_key, status)
                        values (?1, now(), ?2, ?3, ?4, ?5, true, ?6, 'QUEUED')
                        on conflict (dedupe_key) do nothing""")
                .setParameter(1, provider).setParameter(2, withoutNul(contentType)).setParameter(3, withoutNul(headers))
                .setParameter(4, body.stored()).setParameter(5, body.encoding().name())
                .setParameter(6, notification.dedupeKey())
                .executeUpdate();
        if (queued == 1) {
            return Verdict.ACCEPTED;
        }
        database.createNativeQuery("""
                        insert into webhook_notification (provider, received_at, content_type, headers, body, body_encoding,
                                                          authentic, status, detail, processed_at)
                        values (?1, now(), ?2, ?3, ?4, ?5, true, 'DUPLICATE', 'delivered before', now())""")
                .setParameter(1, provider).setParameter(2, withoutNul(contentType)).setParameter(3, withoutNul(headers))
                .setParameter(4, body.stored()).setParameter(5, body.encoding().name())
                .executeUpdate();
        return Verdict.DUPLICATE;
    }

    /**
     * Header values are kept as text. PostgreSQL text cannot hold NUL and no provider sends one (such a delivery is
     * never authentic), so a NUL is kept as the six characters backslash, u, 0, 0, 0, 0.
     */
    static String withoutNul(String text) {
        return text == null ? null : text.replace("\0", "\\u0000");
    }
}
