package io.moolah.payment.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

/**
 * A payment intent with a provider: a card top-up or a QR payment. Amounts are minor units. The status moves only
 * through {@code PaymentStatusChanges}, which appends each move to {@code payment_transition}; the version guards
 * against two workers moving it at once.
 */
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

    public UUID customerId;

    @Column(nullable = false)
    public long amount;

    @Column(nullable = false, length = 3)
    public String currency;

    @Column(nullable = false)
    public String provider;

    /** The provider's id of the money movement (Peach's payment id), once known. */
    public String providerReference;

    public String idempotencyKey;

    /** SHA-256 of the request that created it, so a key reused for another request is refused. */
    public String requestHash;

    /** Peach's checkout id. */
    public String checkoutId;

    /** Our reference at the provider (Peach's merchantTransactionId): 16 letters and digits. */
    public String merchantTransactionId;

    public String providerPaymentId;

    /** Where the customer pays (Peach's hosted page). */
    public String redirectUrl;

    /** The provider's last result code that moved the status. */
    public String resultCode;

    public String failureReason;

    /** QR payments: the scanned code and the merchant it pays. */
    public String qrCode;

    public String merchantReference;

    public String merchantName;

    public String siteReference;

    /** QR payments: the ledger hold that reserves the money. */
    public UUID holdId;

    /** QR payments: how far the flow got (see QrPaymentService.Step). */
    public String step;

    /** Top-ups: the refund, once asked for (PENDING, SUCCEEDED, FAILED, UNKNOWN), and the provider's id of it. */
    public String refundStatus;

    public String refundReference;

    /** Top-ups: the Idempotency-Key of the refund request that started the refund, and when it started. */
    public String refundIdempotencyKey;

    public Instant refundRequestedAt;

    @Version
    public int version;

    @Column(nullable = false)
    public Instant createdAt;

    @Column(nullable = false)
    public Instant updatedAt;

    /** When the status poll next asks the provider about this PENDING top-up (null: not asked yet). */
    public Instant nextStatusCheckAt;

    /** A new PENDING intent asked for by {@code customerId} under an idempotency key and its request's fingerprint. */
    public static Payment pending(Type type, String provider, UUID customerId, UUID walletId, long amount, String currency,
                                  String idempotencyKey, String requestHash) {
        Payment payment = new Payment();
        payment.id = UUID.randomUUID();
        payment.type = type;
        payment.status = Status.PENDING;
        payment.provider = provider;
        payment.customerId = customerId;
        payment.walletId = walletId;
        payment.amount = amount;
        payment.currency = currency;
        payment.idempotencyKey = idempotencyKey;
        payment.requestHash = requestHash;
        payment.createdAt = Instant.now();
        payment.updatedAt = payment.createdAt;
        return payment;
    }
}
