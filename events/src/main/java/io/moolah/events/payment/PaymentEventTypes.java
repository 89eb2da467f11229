package io.moolah.events.payment;

/** Event types on {@code payment.events} (schema version 1); the record key is the payment id. */
public final class PaymentEventTypes {
    /** Payload {@link TopUpSucceeded}: the ledger credits the wallet from the provider's clearing account, once. */
    public static final String TOP_UP_SUCCEEDED = "TopUpSucceeded";
    /** Payload {@link TopUpFailed}: for the customer's notifications and the record; moves no money. */
    public static final String TOP_UP_FAILED = "TopUpFailed";
    /** Payload {@link QrPaymentSucceeded}: the ledger captures the payment's hold into Zapper's clearing account. */
    public static final String QR_PAYMENT_SUCCEEDED = "QrPaymentSucceeded";
    /** Payload {@link QrPaymentFailed}: the ledger voids the payment's hold, if any. */
    public static final String QR_PAYMENT_FAILED = "QrPaymentFailed";
    /** Payload {@link RefundSucceeded}: the ledger captures the refund's hold into the provider's clearing account. */
    public static final String REFUND_SUCCEEDED = "RefundSucceeded";
    /** Payload {@link RefundFailed}: the ledger voids the refund's hold. */
    public static final String REFUND_FAILED = "RefundFailed";
    public static final int VERSION = 1;

    private PaymentEventTypes() {
    }
}
