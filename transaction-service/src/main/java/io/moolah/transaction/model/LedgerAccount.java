package io.moolah.transaction.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An account of the ledger: a customer's wallet or a system account. Amounts are minor units. */
@Entity
@Table(name = "ledger_account")
public class LedgerAccount {
    public enum Kind { WALLET, PROVIDER_CLEARING, FEES, TREASURY_SUSPENSE }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true)
    public String accountKey;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    public UUID walletId;

    @Column(nullable = false, length = 3)
    public String currency;

    @Column(nullable = false)
    public long balance;

    @Column(nullable = false)
    public long version;

    @Column(nullable = false)
    public Instant createdAt;
}
