-- newsetl schema, version 15: metric_series and fact_revisions (issue 15),
-- the analysts' views over facts.metric and facts.entity (version 13).
-- docs/analysts.md describes each with an example query. Both are built on
-- facts / facts_latest / articles / articles_latest only through their
-- columns, never their internals, and use no window functions and only
-- ANY/ALL joins with USING (ClickHouse 18.16 and later).
--
-- Rules shared by both views:
-- * A fact belongs to a series when it has a metric (facts written before
--   version 13, or without a subject, have none) and its period is no
--   target ("by 2030": a goal, not an observation).
-- * period_end is the figure's period end; a figure with no period phrase
--   is dated by its publication day (the parser's fallback period,
--   facts.period_fallback = 1, granularity 'day'; a NULL period_end too).
-- * The size of a change is signed: "down 15.9 percent" of a *_growth or
--   *_change metric is -15.9 (facts.value keeps the 15.9 as written,
--   facts.direction says 'down').

-- metric_series: one row per (metric, entity, period_end, source): the
-- figure of the latest publication of that source (published_at, then
-- the larger article_id); within one article, the first figure (smallest
-- position), so "7.23 trillion yuan (US$1.12 trillion)" is the yuan
-- figure. entity '' rows are figures whose sentence names no holder: they
-- may mix holders (filter entity != '' for one holder's series).
-- The row of each key is chosen on narrow columns (argMax over
-- (published_at, article_id, -position)) and its wide columns read by
-- fact_id: about twice as fast as sorting the wide rows.
CREATE VIEW IF NOT EXISTS {{db}}.metric_series AS
SELECT
    metric, entity, day AS period_end, period_granularity, source, signed AS value, unit, kind,
    figure, sentence, url, title, published_at, lang, article_id, fact_id
FROM (
    SELECT
        metric, entity, ifNull(period_end, toDate(published_at)) AS day, period_granularity, source,
        if(is_change = 1 AND direction = 'down' AND value > 0, -value, value) AS signed,
        unit, kind, figure, sentence, url, published_at, lang, article_id, fact_id
    FROM {{db}}.facts_latest
    WHERE metric != '' AND period_target = 0
      AND fact_id IN (
          SELECT argMax(fact_id, (published_at, article_id, -toInt64(position)))
          FROM {{db}}.facts_latest
          WHERE metric != '' AND period_target = 0
          GROUP BY metric, entity, ifNull(period_end, toDate(published_at)), source)
)
ANY LEFT JOIN (SELECT article_id, title FROM {{db}}.articles_latest) USING article_id;

-- fact_revisions: figures reported again with another value.
--
-- A report is the k-th figure (ordinal k, in position order) of a (metric,
-- entity, period_end, unit) in one stored article version (every version
-- of every article, not only the latest: a revised page keeps its old
-- facts in the facts table). Reports of the same (metric, entity,
-- period_end, unit, ordinal) form a chain, in publication order
-- (published_at, then version):
-- * with an entity: across articles and sources (a later publication), and
--   across versions of an article (a revised page);
-- * without one (entity ''): only across the versions of one article,
--   since unnamed holders of two articles are not known to be the same.
-- A chain with at least two values is listed: its first report
-- (revision 1) and every report whose value differs from the report
-- before it (revision 2, 3, ...; a report repeating the value before it,
-- such as a reparse of unchanged text, is left out). previous_value is
-- that report's value (NULL for revision 1), cause 'first', 'revised page'
-- (the same article as the report before) or 'later publication'.
CREATE VIEW IF NOT EXISTS {{db}}.fact_revisions AS
SELECT
    metric, entity, period_end, unit, ordinal, revision,
    tupleElement(r, 3) AS value,
    if(revision = 1, CAST(NULL AS Nullable(Float64)), prev_value) AS previous_value,
    multiIf(revision = 1, 'first', tupleElement(r, 4) = prev_article, 'revised page', 'later publication') AS cause,
    tupleElement(r, 1) AS published_at,
    tupleElement(r, 2) AS version,
    tupleElement(r, 4) AS article_id,
    tupleElement(r, 5) AS source,
    tupleElement(r, 6) AS url,
    tupleElement(r, 7) AS lang,
    tupleElement(r, 8) AS period_granularity,
    tupleElement(r, 9) AS kind,
    tupleElement(r, 10) AS figure,
    tupleElement(r, 11) AS sentence,
    tupleElement(r, 12) AS fact_id
FROM (
    SELECT
        metric, entity, day AS period_end, unit, ordinal,
        arrayFilter((x, i) -> i = 1 OR tupleElement(x, 3) != tupleElement(reports[i - 1], 3), reports, arrayEnumerate(reports)) AS kept,
        arrayPushFront(arrayPopBack(arrayMap(x -> tupleElement(x, 3), kept)), 0.) AS prev_values,
        arrayPushFront(arrayPopBack(arrayMap(x -> tupleElement(x, 4), kept)), toUInt64(0)) AS prev_articles
    FROM (
        SELECT
            metric, entity, day, unit, ordinal,
            arraySort(groupArray((published_at, version, tupleElement(f, 2), article_id, source, url, lang, granularity,
                tupleElement(f, 3), tupleElement(f, 4), tupleElement(f, 5), tupleElement(f, 6)))) AS reports
        FROM (
            SELECT
                metric, entity, day, unit, article_id, version,
                any(published_at) AS published_at, any(source) AS source, any(url) AS url, any(lang) AS lang,
                any(period_granularity) AS granularity,
                arraySort(groupArray((position, value, kind, figure, sentence, fact_id))) AS figs
            FROM (
                SELECT
                    metric, entity, ifNull(period_end, toDate(published_at)) AS day, unit, article_id, version,
                    published_at, source, url, lang, period_granularity, position, value, kind, figure, sentence, fact_id
                FROM {{db}}.facts
                WHERE metric != '' AND period_target = 0
                  AND (article_id, version) IN (SELECT article_id, version FROM {{db}}.articles)
                  -- only chains that can hold two values: more than one value
                  -- and more than one report (a narrow pass that spares the
                  -- arrays below the keys no revision touched)
                  AND (metric, entity, ifNull(period_end, toDate(published_at)), unit, if(entity = '', article_id, 0)) IN (
                      SELECT metric, entity, ifNull(period_end, toDate(published_at)), unit, if(entity = '', article_id, 0)
                      FROM {{db}}.facts
                      WHERE metric != '' AND period_target = 0
                      GROUP BY metric, entity, ifNull(period_end, toDate(published_at)), unit, if(entity = '', article_id, 0)
                      HAVING uniqExact(value) > 1 AND uniqExact(article_id, version) > 1)
                LIMIT 1 BY version, fact_id
            )
            GROUP BY metric, entity, day, unit, article_id, version
        )
        ARRAY JOIN figs AS f, arrayEnumerate(figs) AS ordinal
        GROUP BY metric, entity, day, unit, ordinal, if(entity = '', article_id, 0)
    )
    WHERE length(kept) > 1
)
ARRAY JOIN kept AS r, prev_values AS prev_value, prev_articles AS prev_article, arrayEnumerate(kept) AS revision;
