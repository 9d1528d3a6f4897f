-- newsetl schema, version 5: statistics from HTML tables, CSV files and
-- JSON indicator APIs.
-- One row per published value of a series (source, dataset, indicator,
-- dimensions, period). Re-fetching the same value replaces its row; a
-- different value for the same series is a revision and gets a row of its
-- own, so the history of revisions stays queryable.
CREATE TABLE IF NOT EXISTS {{db}}.statistics (
    series_key     UInt64,           -- hash of source, dataset, indicator, dimensions, period
    value_key      UInt64,           -- hash of value and unit: a new one is a revision
    source         String,
    dataset        String,
    indicator_code String,
    indicator_name String,
    dim_names      Array(String),    -- dimensions as parallel arrays, sorted by name
    dim_values     Array(String),
    period_start   Date,
    period_end     Date,
    granularity    String,           -- year, quarter, month, day, cumulative
    period_text    String,
    value          Nullable(Float64),-- NULL when the source marks it missing
    unit           String,           -- after scaling
    scale          Float64,          -- multiplier applied to the written number
    raw            String,           -- the cell or field as written
    url            String,
    fetched_at     DateTime('UTC'),  -- when this row was written (an unchanged value is not rewritten)
    first_seen_at  DateTime('UTC'),  -- first time this value was seen
    version        UInt64            -- unix milliseconds of fetched_at
) ENGINE = ReplacingMergeTree(version)
ORDER BY (source, dataset, indicator_code, series_key, value_key);

-- The current value of each series: the value seen most recently.
CREATE VIEW IF NOT EXISTS {{db}}.statistics_latest AS
SELECT * FROM {{db}}.statistics FINAL
WHERE (series_key, version) IN (SELECT series_key, max(version) FROM {{db}}.statistics GROUP BY series_key);

-- Every value each series has had, oldest first, with its revision number
-- (1 = first published).
CREATE VIEW IF NOT EXISTS {{db}}.statistics_revisions AS
SELECT series_key, source, dataset, indicator_code, indicator_name, dim_names, dim_values,
       period_start, period_end, granularity, period_text, value, unit, first_seen_at, fetched_at, raw, url
FROM {{db}}.statistics FINAL
ORDER BY series_key, first_seen_at;

ALTER TABLE {{db}}.ingest_runs ADD COLUMN observations_written UInt64 DEFAULT 0, ADD COLUMN observations_revised UInt32 DEFAULT 0, ADD COLUMN observations_unchanged UInt32 DEFAULT 0;
