-- newsetl schema, version 7: the head noun of each fact's subject,
-- lemmatised ("hospital" for "three new public hospitals", "收入" for
-- "全国居民人均可支配收入"), to group facts about the same thing. Rows written
-- before this migration read ''.
-- Also whether a fact's period is a target's deadline ("cut emissions by 30%
-- by 2030"), not the time it was measured.
-- 18.16 applies one ALTER with several columns as a whole.
ALTER TABLE {{db}}.facts
    ADD COLUMN subject_head String DEFAULT '',
    ADD COLUMN period_target UInt8 DEFAULT 0;

-- A view made with SELECT * keeps the columns it was made with: make it again.
DROP TABLE IF EXISTS {{db}}.facts_latest;

CREATE VIEW IF NOT EXISTS {{db}}.facts_latest AS
SELECT * FROM {{db}}.facts FINAL
WHERE (article_id, version) IN (SELECT article_id, max(version) FROM {{db}}.articles GROUP BY article_id);
