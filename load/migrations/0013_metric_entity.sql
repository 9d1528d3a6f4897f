-- newsetl schema, version 13: each fact's metric key and entity (issue 15).
-- metric: what is measured, normalised across phrasings and languages from
--   the subject head, kind and unit by rules and a synonym table
--   ("medical institutions" and "医疗机构" are both medical_institution);
--   an unknown subject keeps its normalised head.
-- entity: the organisation or place the figure is about when the sentence
--   names it ("China Resources Group"); '' when it names none.
-- Rows written before this migration read '' until `newsetl reparse`.
ALTER TABLE {{db}}.facts
    ADD COLUMN metric String DEFAULT '',
    ADD COLUMN entity String DEFAULT '';

-- A view made with SELECT * keeps the columns it was made with: make it again
-- (same definition as version 12).
DROP TABLE IF EXISTS {{db}}.facts_latest;

CREATE VIEW IF NOT EXISTS {{db}}.facts_latest AS
SELECT * FROM {{db}}.facts
WHERE (article_id, version) IN (SELECT article_id, max(version) FROM {{db}}.articles GROUP BY article_id)
LIMIT 1 BY version, fact_id;
