package io.moolah.transaction.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** The ledger's copy of a wallet's metadata, kept current from account.events. */
@Entity
@Table(name = "wallet")
public class Wallet {
    @Id
    public UUID walletId;

    @Column(nullable = false)
    public UUID customerId;

    @Column(nullable = false)
    public String phoneNumber;

    @Column(nullable = false, length = 3)
    public String currency;

    @Column(nullable = false)
    public String status;

    @Column(nullable = false)
    public short kycTier;

    @Column(nullable = false)
    public long dailySendLimit;

    @Column(nullable = false)
    public long monthlySendLimit;

    @Column(nullable = false)
    public long maxBalance;

    @Column(nullable = false)
    public Instant updatedAt;
}
