-- newsetl schema, version 16: stories (the language versions of one
-- release linked by a story_id), the facts of each story counted once,
-- and the health of each source (issue 15). docs/analysts.md describes
-- each view with an example query.

-- The story of each article version, written by the story linker
-- (package stories) after a run or a reparse wrote the article: a new row
-- per change, the latest version of each article_id wins.
CREATE TABLE IF NOT EXISTS {{db}}.story_links (
    article_id UInt64,
    story_id   UInt64,          -- the smallest article_id of the story; the article's own id when it stands alone
    publisher  String,          -- publisher: key of the source, else the registrable domain of its URL
    story_rank UInt32,          -- 0: the story's representative (most facts, then earliest, then source, url, id)
    shared     UInt32,          -- (value, kind) pairs shared with the closest other version; 0 alone
    overlap    Float64,         -- overlap coefficient with that version: shared / min(sizes); 0 alone
    rule       String,          -- the thresholds that linked it: "window=3d min_shared=3 min_overlap=0.6"
    linked_at  DateTime('UTC'),
    version    UInt64           -- unix milliseconds of the linking
) ENGINE = ReplacingMergeTree(version)
ORDER BY article_id;

-- The current link of each article.
CREATE VIEW IF NOT EXISTS {{db}}.story_links_latest AS
SELECT article_id, story_id, publisher, story_rank, shared, overlap, rule, linked_at, version
FROM {{db}}.story_links
WHERE (article_id, version) IN (SELECT article_id, max(version) FROM {{db}}.story_links GROUP BY article_id)
LIMIT 1 BY article_id;

-- Every current article with its story: an article the linker has not
-- seen (stored before this migration, its rows still in the spool) is a
-- story of its own (story_id = article_id, story_rank 0, publisher '').
CREATE VIEW IF NOT EXISTS {{db}}.story_articles AS
SELECT
    if(linked_story = 0, article_id, linked_story) AS story_id,
    linked_rank AS story_rank,
    linked_publisher AS publisher,
    article_id, source, url, title, lang, published_at
FROM (SELECT article_id, source, url, title, lang, published_at FROM {{db}}.articles_latest)
ANY LEFT JOIN (
    SELECT article_id, story_id AS linked_story, story_rank AS linked_rank, publisher AS linked_publisher
    FROM {{db}}.story_links_latest
) USING article_id;

-- One row per story: its versions' titles, URLs, sources and languages
-- (in rank order: the representative first), when it was first published.
CREATE VIEW IF NOT EXISTS {{db}}.stories AS
SELECT
    story_id,
    any(story_publisher) AS publisher,
    count() AS articles,
    arraySort(groupUniqArray(lang)) AS languages,
    arrayMap(x -> tupleElement(x, 3), arraySort(groupArray((story_rank, article_id, title)))) AS titles,
    arrayMap(x -> tupleElement(x, 3), arraySort(groupArray((story_rank, article_id, url)))) AS urls,
    arrayMap(x -> tupleElement(x, 3), arraySort(groupArray((story_rank, article_id, source)))) AS sources,
    arrayMap(x -> tupleElement(x, 2), arraySort(groupArray((story_rank, article_id)))) AS article_ids,
    min(published_at) AS first_published,
    max(published_at) AS last_published
FROM (
    SELECT story_id, story_rank, publisher AS story_publisher, article_id, source, url, title, lang, published_at
    FROM {{db}}.story_articles
)
GROUP BY story_id;

-- Every current fact with its article's story.
CREATE VIEW IF NOT EXISTS {{db}}.story_facts AS
SELECT
    if(linked_story = 0, article_id, linked_story) AS story_id,
    linked_rank AS story_rank,
    fact_id, article_id, source, url, published_at, lang, figure, value, kind, unit,
    subject, subject_head, metric, entity, qualifier, period_text, period_start, period_end,
    period_granularity, sentence, position
FROM (
    SELECT fact_id, article_id, source, url, published_at, lang, figure, value, kind, unit,
        subject, subject_head, metric, entity, qualifier, period_text, period_start, period_end,
        period_granularity, sentence, position
    FROM {{db}}.facts_latest
)
ANY LEFT JOIN (
    SELECT article_id, story_id AS linked_story, story_rank AS linked_rank FROM {{db}}.story_links_latest
) USING article_id;

-- Each fact of a story once: a (value, kind) pair is taken from the
-- highest-ranked version of the story that reports it (the representative
-- first), with every occurrence that version writes; the other versions'
-- facts with that pair are left out. So the story's representative gives
-- all its facts, and each other version adds only the pairs no version
-- ranked above it reports.
CREATE VIEW IF NOT EXISTS {{db}}.facts_by_story AS
SELECT *
FROM {{db}}.story_facts
WHERE (story_id, kind, value, story_rank) IN (
    SELECT story_id, kind, value, min(story_rank) FROM {{db}}.story_facts GROUP BY story_id, kind, value
);

-- One row per source and day (UTC, of the run's start): runs, failures,
-- pages, errors, articles and facts written. Reparse runs are left out
-- (kind 'reparse': they fetch nothing).
CREATE VIEW IF NOT EXISTS {{db}}.source_health_daily AS
SELECT
    source,
    toDate(started_at) AS day,
    count() AS runs,
    countIf(status = 'failed') AS failed_runs,
    sum(run_pages) AS pages_fetched,
    sum(run_errors) AS errors,
    if(sum(run_pages) + sum(run_errors) = 0, 0, sum(run_errors) / (sum(run_pages) + sum(run_errors))) AS error_rate,
    sum(run_new) AS articles_new,
    sum(run_changed) AS articles_changed,
    sum(run_facts) AS facts_written,
    sum(run_observations) AS observations_written
FROM (
    SELECT source, started_at, status, pages_fetched AS run_pages, errors AS run_errors, articles_new AS run_new,
        articles_changed AS run_changed, facts_written AS run_facts, observations_written AS run_observations
    FROM {{db}}.ingest_runs
    WHERE kind != 'reparse'
)
GROUP BY source, day;

-- One row per source: its last run (start, end, status, first error), its
-- runs and failures, the share of its page reads that ended in an error
-- (errors / (pages fetched + errors), over all runs and over the runs of
-- the last 7 days before its last run), and what it holds now: articles
-- (articles_latest) and the publication time of the newest, facts
-- (facts_latest) and statistics observations (statistics_latest).
CREATE VIEW IF NOT EXISTS {{db}}.source_health AS
SELECT
    source, last_run_at, last_finished_at, last_status, last_error, last_ok_at,
    runs, failed_runs, errors, error_rate, error_rate_7d,
    articles, latest_published, facts, observations
FROM (
    SELECT *
    FROM (
        SELECT *
        FROM (
            SELECT
                source,
                max(started_at) AS last_run_at,
                argMax(finished_at, started_at) AS last_finished_at,
                argMax(status, started_at) AS last_status,
                argMax(first_error, started_at) AS last_error,
                maxIf(finished_at, status IN ('ok', 'partial')) AS last_ok_at,
                count() AS runs,
                countIf(status = 'failed') AS failed_runs,
                sum(run_errors) AS errors,
                if(sum(run_pages) + sum(run_errors) = 0, 0, sum(run_errors) / (sum(run_pages) + sum(run_errors))) AS error_rate,
                if(sumIf(run_pages + run_errors, recent) = 0, 0,
                   sumIf(run_errors, recent) / sumIf(run_pages + run_errors, recent)) AS error_rate_7d
            FROM (
                SELECT source, started_at, finished_at, status, first_error, run_pages, run_errors,
                    started_at > last_started - 7 * 86400 AS recent
                FROM (
                    SELECT source, started_at, finished_at, status, first_error, pages_fetched AS run_pages, errors AS run_errors
                    FROM {{db}}.ingest_runs
                    WHERE kind != 'reparse'
                )
                ANY INNER JOIN (
                    SELECT source, max(started_at) AS last_started FROM {{db}}.ingest_runs WHERE kind != 'reparse' GROUP BY source
                ) USING source
            )
            GROUP BY source
        )
        ANY LEFT JOIN (
            SELECT source, count() AS articles, max(published_at) AS latest_published FROM {{db}}.articles_latest GROUP BY source
        ) USING source
    )
    ANY LEFT JOIN (
        SELECT source, count() AS facts FROM {{db}}.facts_latest GROUP BY source
    ) USING source
)
ANY LEFT JOIN (
    SELECT source, count() AS observations FROM {{db}}.statistics_latest GROUP BY source
) USING source;
