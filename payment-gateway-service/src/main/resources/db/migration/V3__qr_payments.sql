-- QR payments: the code, who is paid, and the step the payment has reached (each step is written before the next
-- remote call, so a crash or timeout leaves a step the recovery job knows how to finish).
alter table payment
    add column qr_code            text,
    add column merchant_reference text,
    add column merchant_name      text,
    add column site_reference     text,
    add column hold_id            uuid,
    add column step               text;
create index payment_qr_unsettled on payment (updated_at) where type = 'QR_PAYMENT' and status = 'PENDING';
