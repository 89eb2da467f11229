-- A payment's hold is found by its reference when the provider's answer arrives ('qr:<paymentId>' for a QR payment,
-- 'refund:<paymentId>' for a refund). At most one hold may carry such a reference, so no other hold (a customer's own,
-- placed with a reference copied from a payment) can be captured or voided in its place.
create unique index hold_payment_reference on hold (reference)
    where reference like 'qr:%' or reference like 'refund:%';
