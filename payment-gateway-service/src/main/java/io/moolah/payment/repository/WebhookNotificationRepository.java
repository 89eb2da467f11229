package io.moolah.payment.repository;

import io.moolah.payment.model.WebhookNotification;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

@ApplicationScoped
public class WebhookNotificationRepository implements PanacheRepositoryBase<WebhookNotification, Long> {

    /** Notifications due for processing, locked for this transaction; other replicas skip them. */
    @SuppressWarnings("unchecked")
    public List<WebhookNotification> claimDue(int limit) {
        return getEntityManager().createNativeQuery("""
                        select * from webhook_notification
                        where status in ('QUEUED', 'RETRY') and (next_attempt_at is null or next_attempt_at <= now())
                        order by id
                        limit ?1
                        for update skip locked""", WebhookNotification.class)
                .setParameter(1, limit)
                .getResultList();
    }
}
