-- GET /payments lists a customer's payments newest first, paged by (created_at, id).
create index payment_customer_created on payment (customer_id, created_at desc, id desc);
