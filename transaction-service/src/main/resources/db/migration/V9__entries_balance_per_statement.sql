-- Every entry balances: checked once per statement that inserts postings, over every entry that statement touched,
-- instead of once per posting row at commit (V2's deferred row trigger ran one query per posting: two per transfer,
-- a few hundred per batch of the batching writer). The ledger writes all of an entry's postings in one statement
-- (JournalWriter), so each entry is whole when checked; a writer that split an entry over statements would now be
-- refused at its first statement rather than at commit: stricter, never looser.
drop trigger posting_entry_balances on posting;
drop function journal_entry_balances();

create function journal_entries_balance() returns trigger language plpgsql as $$
declare
    unbalanced uuid;
begin
    select p.entry_id into unbalanced
    from posting p
    where p.entry_id in (select distinct entry_id from inserted_postings)
    group by p.entry_id
    having sum(p.amount) <> 0
    limit 1;
    if unbalanced is not null then
        raise exception 'journal entry % does not balance', unbalanced using errcode = '23514';
    end if;
    return null;
end $$;

create trigger posting_entries_balance after insert on posting
    referencing new table as inserted_postings
    for each statement execute function journal_entries_balance();
