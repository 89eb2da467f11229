package io.moolah.payment.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** One reconciliation run, kept as it was found: its counts and its lines (JSON). */
@Entity
@Table(name = "reconciliation_run")
public class ReconciliationRun {
    @Id
    public UUID id;

    @Column(nullable = false)
    public String provider;

    @Column(nullable = false)
    public LocalDate day;

    @Column(nullable = false)
    public UUID runBy;

    @Column(nullable = false)
    public Instant ranAt;

    public int matched;

    public int missingInLedger;

    public int missingAtProvider;

    public int amountMismatches;

    /** Charges at the provider beyond the one a payment was confirmed by (EXTRA_AT_PROVIDER lines). */
    public int extraAtProvider;

    /** Entries of the provider's clearing account in the ledger that name no payment of ours (UNKNOWN_IN_LEDGER lines). */
    public int unknownInLedger;

    @Column(nullable = false)
    public String lines;
}
