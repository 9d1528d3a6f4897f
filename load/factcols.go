package load

import (
	"context"
	"slices"
	"time"

	"github.com/newsetl/newsetl/internal/redact"
	"github.com/newsetl/newsetl/record"
)

const factColumnList = "fact_id, article_id, version, source, url, published_at, lang, figure, value, kind, unit, subject, base, qualifier, " +
	"period_text, period_start, period_end, period_granularity, as_of, sentence, position, parsed_at, " +
	"value_low, value_high, direction, is_change, period_fallback, subject_head, period_target, parser_version, metric, entity"

// WriteFacts inserts fact rows, grouped by the table's partition (the
// month of published_at) so that a batch touches as few partitions as it
// can, a column at a time (insertColumns). rows is not modified.
func (s *Store) WriteFacts(ctx context.Context, rows []record.Fact) error {
	order := byPartition(rows)
	return s.insertColumns(ctx, "facts", factColumnList, len(rows), func(start, end int) []any {
		return factColumns(rows, order[start:end])
	})
}

// byPartition returns the indexes of rows in the order of their facts
// partition (toYYYYMM(published_at)), stable within one.
func byPartition(rows []record.Fact) []int {
	order := make([]int, len(rows))
	keys := make([]int, len(rows))
	for i := range rows {
		order[i] = i
		p := rows[i].PublishedAt.UTC()
		keys[i] = p.Year()*100 + int(p.Month())
	}
	slices.SortStableFunc(order, func(a, b int) int { return keys[a] - keys[b] })
	return order
}

// factColumns returns the columns of factColumnList for rows[idx...].
func factColumns(rows []record.Fact, idx []int) []any {
	n := len(idx)
	var (
		factID, articleID, version                            = make([]uint64, n), make([]uint64, n), make([]uint64, n)
		source, url, lang, figure, kind, unit                 = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		subject, base, qualifier, periodText, gran, sentence  = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		direction, subjectHead, parserVersion, metric, entity = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		published, parsed                                     = make([]time.Time, n), make([]time.Time, n)
		periodStart, periodEnd                                = make([]*time.Time, n), make([]*time.Time, n)
		value, low, high                                      = make([]float64, n), make([]float64, n), make([]float64, n)
		asOf, isChange, fallback, target                      = make([]uint8, n), make([]uint8, n), make([]uint8, n), make([]uint8, n)
		position                                              = make([]uint32, n)
	)
	for j, i := range idx {
		f := &rows[i]
		factID[j], articleID[j], version[j] = f.FactID, f.ArticleID, f.Version
		source[j], url[j], lang[j], figure[j], kind[j], unit[j] = f.Source, redact.String(f.URL), f.Lang, f.Figure, f.Kind, f.Unit
		subject[j], base[j], qualifier[j], periodText[j], gran[j], sentence[j] = f.Subject, f.Base, f.Qualifier, f.PeriodText, f.PeriodGranularity, f.Sentence
		direction[j], subjectHead[j], parserVersion[j], metric[j], entity[j] = f.Direction, f.SubjectHead, f.ParserVersion, f.Metric, f.Entity
		published[j], parsed[j] = f.PublishedAt.UTC(), f.ParsedAt.UTC()
		periodStart[j], periodEnd[j] = f.PeriodStart, f.PeriodEnd
		value[j], low[j], high[j] = f.Value, f.ValueLow, f.ValueHigh
		if low[j] == 0 && high[j] == 0 {
			low[j], high[j] = f.Value, f.Value // a row built without them: no range
		}
		asOf[j], isChange[j], fallback[j], target[j] = boolToUInt8(f.AsOf), boolToUInt8(f.IsChange), boolToUInt8(f.PeriodFallback), boolToUInt8(f.PeriodTarget)
		position[j] = f.Position
	}
	return []any{factID, articleID, version, source, url, published, lang, figure, value, kind, unit, subject, base, qualifier,
		periodText, periodStart, periodEnd, gran, asOf, sentence, position, parsed,
		low, high, direction, isChange, fallback, subjectHead, target, parserVersion, metric, entity}
}
