-- A notification body PostgreSQL text cannot hold (a NUL byte, bytes that are not UTF-8) is kept as the base64 of
-- exactly the bytes received; such a body is never a Peach notification (they are ASCII) and is never processed.
alter table webhook_notification
    add column body_encoding text not null default 'TEXT' check (body_encoding in ('TEXT', 'BASE64'));
