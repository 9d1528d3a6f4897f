-- newsetl schema, version 12: the parser version that made each fact (and
-- each article version's facts), for `newsetl reparse`; and the analyst
-- views without FINAL.
-- Rows written before this migration read '' (an older parser).
ALTER TABLE {{db}}.facts ADD COLUMN parser_version String DEFAULT '';
ALTER TABLE {{db}}.articles ADD COLUMN parser_version String DEFAULT '';

-- The views read the current rows without FINAL: the current version of
-- each key is chosen with an IN filter over a narrow (key, max(version))
-- set, and a row written twice with the same key and version (a retried
-- batch, a rerun) is shown once by LIMIT 1 BY the table's sort key (for
-- facts its two numbers, version and fact_id: fact_id hashes the article
-- id, so source and article_id add nothing but the cost of hashing them).
-- Duplicates with the same key and version are identical rows, so the
-- answers are those of the FINAL views they replace; FINAL merged every
-- part of the table in one stream, this reads the parts in parallel.
-- A view made with SELECT * keeps the columns it was made with: make them again.
DROP TABLE IF EXISTS {{db}}.facts_latest;

CREATE VIEW IF NOT EXISTS {{db}}.facts_latest AS
SELECT * FROM {{db}}.facts
WHERE (article_id, version) IN (SELECT article_id, max(version) FROM {{db}}.articles GROUP BY article_id)
LIMIT 1 BY version, fact_id;

DROP TABLE IF EXISTS {{db}}.articles_latest;

CREATE VIEW IF NOT EXISTS {{db}}.articles_latest AS
SELECT * FROM {{db}}.articles
WHERE (source, article_id, version) IN (SELECT source, article_id, max(version) FROM {{db}}.articles GROUP BY source, article_id)
LIMIT 1 BY source, article_id;

DROP TABLE IF EXISTS {{db}}.statistics_latest;

CREATE VIEW IF NOT EXISTS {{db}}.statistics_latest AS
SELECT * FROM {{db}}.statistics
WHERE (series_key, version) IN (SELECT series_key, max(version) FROM {{db}}.statistics GROUP BY series_key)
LIMIT 1 BY source, dataset, indicator_code, series_key, value_key;
