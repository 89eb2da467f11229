-- QR payments settle their hold by reference ("qr:<paymentId>") from payment.events.
create index hold_reference on hold (reference);
