-- The outbox relay reads events from the write-ahead log (WalRelay, moolah.outbox.mode=WAL): events are logical
-- decoding messages, which need no table, but pgoutput streams through a named publication. This one holds no table.
do $$
begin
    if not exists (select 1 from pg_publication where pubname = 'moolah_outbox') then
        create publication moolah_outbox;
    end if;
end $$;
