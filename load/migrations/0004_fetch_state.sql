-- newsetl schema, version 4: what each run saw of each page, for conditional
-- requests (If-None-Match / If-Modified-Since) and skipping unchanged bodies.
-- Kept in ClickHouse so that it survives restarts and every machine running
-- newsetl shares it.
CREATE TABLE IF NOT EXISTS {{db}}.fetch_state (
    source        String,
    url           String,
    etag          String,
    last_modified String,
    body_hash     String,
    fetched_at    DateTime('UTC'),
    version       UInt64           -- unix milliseconds; the newest row wins
) ENGINE = ReplacingMergeTree(version)
ORDER BY (source, url);

-- Pages skipped because the server answered 304, or because the body hash
-- was the stored one.
ALTER TABLE {{db}}.ingest_runs ADD COLUMN pages_not_modified UInt32 DEFAULT 0;
ALTER TABLE {{db}}.ingest_runs ADD COLUMN pages_unchanged UInt32 DEFAULT 0;
