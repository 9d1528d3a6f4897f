package load_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/newsetl/newsetl/load/loadtest"
)

// BenchmarkMetricViews reads metric_series and fact_revisions over 100,000
// synthetic article versions of 10 facts each (1,000,000 facts_latest
// rows; one article in 50 revised, one of its figures changed), written
// server-side with INSERT ... SELECT: go test ./load -run XXX -bench MetricViews.
func BenchmarkMetricViews(b *testing.B) {
	s := loadtest.Store(b)
	ctx := context.Background()
	db := s.Database()
	const articles = 100_000
	for _, v := range []int{1, 2} {
		where := ""
		if v == 2 {
			where = "WHERE number % 50 = 0"
		}
		stmts := []string{
			fmt.Sprintf(`INSERT INTO %s.articles (article_id, source, url, title, published_at, lang, body, content_hash, fetched_at, version)
				SELECT number, concat('src', toString(number %% 5)), concat('https://x.example/', toString(number)), 't',
				toDateTime('2021-01-01 00:00:00') + number * 300, 'en', '', toString(number), now(), %d FROM numbers(%d) %s`, db, v, articles, where),
			fmt.Sprintf(`INSERT INTO %s.facts (fact_id, article_id, version, source, url, published_at, lang, figure, value, kind, unit, subject,
				base, qualifier, period_text, period_start, period_end, period_granularity, as_of, sentence, position, parsed_at, metric, entity)
				SELECT a * 100 + p + v * 50, a, v, concat('src', toString(a %% 5)), concat('https://x.example/', toString(a)),
				toDateTime('2021-01-01 00:00:00') + a * 300, 'en', 'f', toFloat64(p * 1000 + intDiv(a, 300) + if(v = 2 AND p = 3, 1, 0)),
				'count', '', 's', '', '', '', toDate('2021-01-01') + intDiv(a, 300), toDate('2021-01-01') + intDiv(a, 300), 'day', 0,
				'a sentence of the length of the sentences of press releases, with its figure in it', p, now(),
				concat('metric_', toString(p)), if(a %% 3 = 0, concat('Entity', toString(a %% 50)), '')
				FROM (SELECT number AS a, arrayJoin(range(10)) AS p, %d AS v FROM numbers(%d) %s)`, db, v, articles, where),
		}
		for _, q := range stmts {
			if err := s.Conn().Exec(ctx, q); err != nil {
				b.Fatal(err)
			}
		}
	}
	// facts_latest reads fact sets (migration 14): make them as Migrate does for stored facts.
	cols := []string{"fact_id", "source", "url", "published_at", "lang", "figure", "value", "kind", "unit", "subject", "base", "qualifier",
		"period_text", "period_start", "period_end", "period_granularity", "as_of", "sentence", "position", "parsed_at", "value_low",
		"value_high", "direction", "is_change", "period_fallback", "subject_head", "period_target", "parser_version", "metric", "entity"}
	aggs := make([]string, len(cols))
	for i, c := range cols {
		aggs[i] = fmt.Sprintf("arrayMap(x -> tupleElement(x, 1), groupArray(tuple(%s)))", c)
	}
	q := fmt.Sprintf("INSERT INTO %[1]s.fact_sets (set_key, article_id, version, %[2]s) SELECT cityHash64(article_id, version), article_id, version, %[3]s "+
		"FROM (SELECT article_id, version, %[2]s FROM %[1]s.facts) GROUP BY article_id, version", db, strings.Join(cols, ", "), strings.Join(aggs, ", "))
	if err := s.Conn().Exec(ctx, q); err != nil {
		b.Fatal(err)
	}
	if n := loadtest.Count(b, s, "SELECT count() FROM "+db+".facts_latest"); n != articles*10 {
		b.Fatalf("facts_latest has %d rows, want %d", n, articles*10)
	}
	for _, c := range []struct{ name, query string }{
		{"metric_series", "SELECT count(), sum(value) FROM " + db + ".metric_series"},
		{"metric_series_one_key", "SELECT count(), sum(value) FROM " + db + ".metric_series WHERE metric = 'metric_3' AND entity = 'Entity3'"},
		{"fact_revisions", "SELECT count(), sum(value) FROM " + db + ".fact_revisions"},
	} {
		b.Run(c.name, func(b *testing.B) {
			for range b.N {
				var n uint64
				var sum float64
				if err := s.Conn().QueryRow(ctx, c.query).Scan(&n, &sum); err != nil {
					b.Fatal(err)
				}
				if n == 0 {
					b.Fatalf("%s: no rows", c.name)
				}
			}
		})
	}
}
