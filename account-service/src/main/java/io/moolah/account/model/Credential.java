package io.moolah.account.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A customer's PIN (as an Argon2id hash) and the state of wrong-PIN throttling. */
@Entity
@Table(name = "credential")
public class Credential {
    @Id
    public UUID customerId;

    @Column(nullable = false)
    public String pinHash;

    @Column(nullable = false)
    public int failedAttempts;

    public Instant lockedUntil;

    @Column(nullable = false)
    public Instant updatedAt;

    public boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }
}
