-- newsetl schema, version 9: how many rows a run left in the local spool
-- (ClickHouse stayed down past the write retries) and how many rows from
-- earlier runs' spool it replayed before its own.
ALTER TABLE {{db}}.ingest_runs ADD COLUMN rows_spooled UInt64 DEFAULT 0;
ALTER TABLE {{db}}.ingest_runs ADD COLUMN rows_replayed UInt64 DEFAULT 0;
