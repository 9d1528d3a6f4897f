-- newsetl schema, version 3: figures in English and Chinese with ranges,
-- directions of change and the fallback period.
-- ClickHouse 18.16 knows neither ADD COLUMN IF NOT EXISTS nor DROP VIEW, so
-- the columns come in one ALTER (applied as a whole) and the view is dropped
-- with DROP TABLE. Rows written before this migration read the defaults.
ALTER TABLE {{db}}.facts
    ADD COLUMN value_low Float64 DEFAULT value,         -- a range's low end ("10至20"); = value otherwise
    ADD COLUMN value_high Float64 DEFAULT value,        -- a range's high end; = value otherwise
    ADD COLUMN direction String DEFAULT '',             -- up, down: "rose 3.2 percent", "同比下降"; '' when none
    ADD COLUMN is_change UInt8 DEFAULT 0,               -- 1: the figure is the size of a change, not a level
    ADD COLUMN period_fallback UInt8 DEFAULT 0;         -- 1: no period phrase; the period is the publication day

-- A view made with SELECT * keeps the columns it was made with: make it again.
DROP TABLE IF EXISTS {{db}}.facts_latest;

CREATE VIEW IF NOT EXISTS {{db}}.facts_latest AS
SELECT * FROM {{db}}.facts FINAL
WHERE (article_id, version) IN (SELECT article_id, max(version) FROM {{db}}.articles GROUP BY article_id);
