package io.moolah.payment.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A payment intent with a provider: a card top-up or a QR payment. Amounts are minor units. */
@Entity
@Table(name = "payment")
public class Payment {
    public enum Type { TOPUP, QR_PAYMENT }

    public enum Status { PENDING, SUCCEEDED, FAILED, CANCELLED, REFUNDED }

    @Id
    public UUID id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Type type;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(nullable = false)
    public UUID walletId;

    @Column(nullable = false)
    public long amount;

    @Column(nullable = false, length = 3)
    public String currency;

    @Column(nullable = false)
    public String provider;

    public String providerReference;

    @Column(nullable = false)
    public Instant createdAt;

    @Column(nullable = false)
    public Instant updatedAt;
}
