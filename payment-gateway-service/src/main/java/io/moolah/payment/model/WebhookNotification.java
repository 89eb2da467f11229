package io.moolah.payment.model;

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

/** One delivery of a provider notification, exactly as received, and what became of it. Never deleted. */
@Entity
@Table(name = "webhook_notification")
public class WebhookNotification {
    public enum Status { RECEIVED, QUEUED, PROCESSED, DUPLICATE, REJECTED, UNMATCHED, RETRY }

    /** How {@link #body} holds what arrived: the text itself, or base64 of bytes PostgreSQL text cannot hold. */
    public enum BodyEncoding { TEXT, BASE64 }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String provider;

    @Column(nullable = false)
    public Instant receivedAt;

    public String contentType;

    /** The headers that matter to authentication, as "Name: value" lines. */
    @Column(nullable = false)
    public String headers;

    @Column(nullable = false)
    public String body;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public BodyEncoding bodyEncoding = BodyEncoding.TEXT;

    /** Null until checked; false for a forged or undecryptable notification (kept for audit, never processed). */
    public Boolean authentic;

    /** provider:payment:result once authentic; unique, so a repeated delivery is recognised. */
    public String dedupeKey;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    public int attempts;

    public Instant nextAttemptAt;

    public UUID paymentId;

    public String detail;

    public Instant processedAt;
}
