-- newsetl schema, version 14: facts_latest without the FINAL tax (issue 14).
--
-- The facts of each article version are also written, by WriteVersions, as
-- one row of fact_sets: the version's facts as parallel arrays, under a
-- set_key drawn at random for each attempt to write the row. The article
-- row that commits the version carries the set_key of the attempt that
-- was written (articles.set_key), so that
--   * a set whose article row was never written (a failure between the
--     inserts) is never read,
--   * a set written twice (a retried batch, a rerun, a replayed spool) is
--     read once: only one of its keys is committed,
--   * a superseded version is not read: articles FINAL keeps the newest
--     article row of each article, and with it the key of one set.
-- facts_latest reads the sets whose key articles FINAL holds (a narrow
-- FINAL over one row per article, not over the facts) and ARRAY JOINs
-- them into fact rows with the columns of facts. It answers what the FINAL
-- definition of migration 1 answers (load/views_test.go); the facts table
-- keeps every version's rows for the other views and for history.
-- An article id belongs to one source (a run refuses another source's
-- article), so articles FINAL (by source and article_id) keeps one row per
-- article id, as max(version) by article_id did.
--
-- Article rows written without a set_key (before this migration, or by
-- WriteArticles alone) have cityHash64(article_id, version): the key under
-- which Migrate copies the facts of each stored current version into
-- fact_sets once this file's statements ran (load/factsets.go).
-- A column added to facts later needs its array here and the view made again.
ALTER TABLE {{db}}.articles ADD COLUMN set_key UInt64 DEFAULT cityHash64(article_id, version);

-- Rows are kept in the order they were written (no sort key): the sets a
-- reparse or a revision superseded sit together in older granules, which
-- facts_latest skips after reading their keys.
CREATE TABLE IF NOT EXISTS {{db}}.fact_sets (
    set_key            UInt64,                  -- random per write attempt; the committing article row names it
    article_id         UInt64,
    version            UInt64,
    fact_id            Array(UInt64),           -- the rest: one element per fact, as in facts
    source             Array(String),
    url                Array(String),
    published_at       Array(DateTime('UTC')),
    lang               Array(String),
    figure             Array(String),
    value              Array(Float64),
    kind               Array(String),
    unit               Array(String),
    subject            Array(String),
    base               Array(String),
    qualifier          Array(String),
    period_text        Array(String),
    period_start       Array(Nullable(Date)),
    period_end         Array(Nullable(Date)),
    period_granularity Array(String),
    as_of              Array(UInt8),
    sentence           Array(String),
    position           Array(UInt32),
    parsed_at          Array(DateTime('UTC')),
    value_low          Array(Float64),
    value_high         Array(Float64),
    direction          Array(String),
    is_change          Array(UInt8),
    period_fallback    Array(UInt8),
    subject_head       Array(String),
    period_target      Array(UInt8),
    parser_version     Array(String),
    metric             Array(String),
    entity             Array(String)
) ENGINE = MergeTree
ORDER BY tuple();

-- The columns of facts, in its order.
DROP TABLE IF EXISTS {{db}}.facts_latest;

CREATE VIEW IF NOT EXISTS {{db}}.facts_latest AS
SELECT fact_id, article_id, version, source, url, published_at, lang, figure, value, kind, unit, subject, base, qualifier,
    period_text, period_start, period_end, period_granularity, as_of, sentence, position, parsed_at, value_low, value_high,
    direction, is_change, period_fallback, subject_head, period_target, parser_version, metric, entity
FROM {{db}}.fact_sets
ARRAY JOIN fact_id, source, url, published_at, lang, figure, value, kind, unit, subject, base, qualifier,
    period_text, period_start, period_end, period_granularity, as_of, sentence, position, parsed_at, value_low, value_high,
    direction, is_change, period_fallback, subject_head, period_target, parser_version, metric, entity
PREWHERE set_key IN (SELECT set_key FROM {{db}}.articles FINAL);
