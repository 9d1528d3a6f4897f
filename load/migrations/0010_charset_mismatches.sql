-- newsetl schema, version 10: how many of a run's documents came from pages
-- whose header or <meta> declared a legacy charset (windows-1252, gbk) over
-- bytes that are valid UTF-8; they were read as UTF-8.
ALTER TABLE {{db}}.ingest_runs ADD COLUMN charset_mismatches UInt32 DEFAULT 0;
