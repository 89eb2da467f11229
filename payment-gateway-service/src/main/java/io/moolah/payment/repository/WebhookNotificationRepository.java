package io.moolah.payment.repository;

import io.moolah.payment.model.WebhookNotification;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class WebhookNotificationRepository implements PanacheRepositoryBase<WebhookNotification, Long> {
}
