-- newsetl schema, version 6: where each article's publication date was read
-- (meta, selector, url, byline, list, text: "text" is a date found in running
-- text, the last resort), and the pages a run found blocked (403, 412, 429
-- without recovery, or a challenge page served with 200).
ALTER TABLE {{db}}.articles ADD COLUMN date_source String DEFAULT '';
ALTER TABLE {{db}}.ingest_runs ADD COLUMN pages_blocked UInt32 DEFAULT 0;
