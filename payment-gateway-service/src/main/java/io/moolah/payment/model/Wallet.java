package io.moolah.payment.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A wallet's status as account.events last told it: ACTIVE, FROZEN or CLOSED. Only what payments need to know. */
@Entity
@Table(name = "wallet")
public class Wallet {
    public static final String ACTIVE = "ACTIVE";

    @Id
    public UUID walletId;

    public UUID customerId;

    @Column(nullable = false)
    public String status;

    @Column(nullable = false)
    public Instant updatedAt;
}
