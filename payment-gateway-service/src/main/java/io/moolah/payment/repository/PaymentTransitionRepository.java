package io.moolah.payment.repository;

import io.moolah.payment.model.PaymentTransition;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class PaymentTransitionRepository implements PanacheRepositoryBase<PaymentTransition, Long> {
}
