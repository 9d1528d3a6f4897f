-- newsetl schema, version 1: articles, facts, run records and the analyst views.
-- {{db}} is replaced by the configured database name.
-- Never edit this file once released: add a new numbered file instead.

-- One row per version of an article. The facts of a version are written
-- before its article row, so an article row means "this version is complete".
CREATE TABLE IF NOT EXISTS {{db}}.articles (
    article_id   UInt64,            -- hash of the canonical URL
    source       String,
    url          String,            -- canonical URL
    title        String,
    published_at DateTime('UTC'),
    lang         String,
    body         String,
    content_hash String,            -- changes when title, date or body change
    fetched_at   DateTime('UTC'),
    version      UInt64             -- unix milliseconds of the fetch that wrote it
) ENGINE = ReplacingMergeTree(version)
ORDER BY (source, article_id);

-- One row per figure per article version. Re-inserting the same version
-- (a retried batch) replaces rows with the same key.
CREATE TABLE IF NOT EXISTS {{db}}.facts (
    fact_id            UInt64,          -- hash of article id, content hash, position and figure
    article_id         UInt64,
    version            UInt64,          -- the article version the figure was parsed from
    source             String,
    url                String,
    published_at       DateTime('UTC'),
    lang               String,
    figure             String,          -- as written: "13.33 million"
    value              Float64,         -- scale applied: 13330000
    kind               String,          -- count, percent, amount, ratio, number
    unit               String,
    subject            String,          -- what is counted or measured
    base               String,          -- for a percentage: what it is a share of
    qualifier          String,          -- more than, nearly, ...; '' when exact
    period_text        String,
    period_start       Nullable(Date),
    period_end         Nullable(Date),
    period_granularity String,          -- day, month, quarter, year; '' when unknown
    as_of              UInt8,           -- 1: the period is a point in time (as of / by the end of)
    sentence           String,
    position           UInt32,          -- code-point offset of the figure in the body
    parsed_at          DateTime('UTC')
) ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(published_at)
ORDER BY (source, article_id, version, fact_id);

-- One row per run of one source.
CREATE TABLE IF NOT EXISTS {{db}}.ingest_runs (
    run_id             String,
    source             String,
    kind               String,
    started_at         DateTime('UTC'),
    finished_at        DateTime('UTC'),
    status             String,          -- ok, partial, failed
    pages_fetched      UInt32,
    articles_new       UInt32,
    articles_changed   UInt32,
    articles_unchanged UInt32,
    facts_written      UInt64,
    errors             UInt32,
    first_error        String
) ENGINE = MergeTree
PARTITION BY toYYYYMM(started_at)
ORDER BY (source, started_at, run_id);

-- Every error a run recorded, with the URL it concerns.
CREATE TABLE IF NOT EXISTS {{db}}.ingest_errors (
    run_id String,
    source String,
    url    String,
    at     DateTime('UTC'),
    error  String
) ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (source, at, run_id);

-- The current version of each article.
CREATE VIEW IF NOT EXISTS {{db}}.articles_latest AS
SELECT * FROM {{db}}.articles FINAL;

-- The figures of the current version of each article, each once.
CREATE VIEW IF NOT EXISTS {{db}}.facts_latest AS
SELECT * FROM {{db}}.facts FINAL
WHERE (article_id, version) IN (SELECT article_id, max(version) FROM {{db}}.articles GROUP BY article_id);
