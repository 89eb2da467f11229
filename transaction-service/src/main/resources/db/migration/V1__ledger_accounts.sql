-- Ledger accounts: customer wallets and the platform's system accounts. The balance changes only through postings
-- (later migrations add journal entries and postings); version increases with every change.
create table ledger_account (
    id            bigserial   primary key,
    account_key   text        not null unique,
    kind          text        not null check (kind in ('WALLET', 'PROVIDER_CLEARING', 'FEES', 'TREASURY_SUSPENSE')),
    wallet_id     uuid        unique,
    currency      char(3)     not null,
    balance       bigint      not null default 0,
    version       bigint      not null default 0,
    created_at    timestamptz not null default now(),
    constraint wallet_accounts_name_a_wallet check ((kind = 'WALLET') = (wallet_id is not null))
);
