package io.moolah.payment.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One move of a payment's status, appended and never changed: the payment's history. */
@Entity
@Table(name = "payment_transition")
public class PaymentTransition {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public UUID paymentId;

    public String fromStatus;

    @Column(nullable = false)
    public String toStatus;

    @Column(nullable = false)
    public String reason;

    @Column(nullable = false)
    public Instant at;
}
