package io.moolah.account.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One refresh token of a session. Only its SHA-256 fingerprint is stored. */
@Entity
@Table(name = "refresh_token")
public class RefreshToken {
    public enum Status { ACTIVE, ROTATED, REVOKED }

    @Id
    public UUID id;

    @Column(nullable = false)
    public UUID sessionId;

    @Column(nullable = false)
    public UUID customerId;

    @Column(nullable = false, unique = true)
    public String tokenHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(nullable = false)
    public Instant issuedAt;

    @Column(nullable = false)
    public Instant expiresAt;

    /** When the session's first token was issued (its login): the session ends a fixed lifetime after. */
    @Column(nullable = false)
    public Instant sessionStartedAt;

    public Instant closedAt;
}
