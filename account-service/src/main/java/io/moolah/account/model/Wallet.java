package io.moolah.account.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A wallet's metadata: owner, currency and status. Its money lives in the transaction-service's ledger. */
@Entity
@Table(name = "wallet")
public class Wallet {
    public enum Status { ACTIVE, FROZEN, CLOSED }

    @Id
    public UUID id;

    @Column(nullable = false)
    public UUID customerId;

    @Column(nullable = false, length = 3)
    public String currency;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(nullable = false)
    public Instant createdAt;

    @Column(nullable = false)
    public Instant updatedAt;
}
