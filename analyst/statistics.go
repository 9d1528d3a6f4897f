package analyst

import (
	"context"
	"fmt"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// StatFilter selects current statistics from statistics_latest: Series
// is an indicator, matched exactly against indicator_code or
// indicator_name; Source and Dataset exactly when not empty; the unit
// among Units when Units is not empty; period_end within From..To, both
// inclusive, when not zero.
type StatFilter struct {
	Series, Source, Dataset string
	Units                   []string
	From, To                time.Time
}

// String describes the filter for messages.
func (f StatFilter) String() string {
	return describe(fmt.Sprintf("series %q", f.Series), [][2]string{{"source", f.Source}, {"dataset", f.Dataset}}, f.Units, f.From, f.To)
}

// StatRow is the current value of one period of a statistics series.
type StatRow struct {
	Source, Dataset              string
	IndicatorCode, IndicatorName string
	DimNames, DimValues          []string
	PeriodStart, PeriodEnd       time.Time
	Granularity, PeriodText      string
	Value                        *float64 // nil: the source marks the value missing
	Unit, URL                    string
	FetchedAt, FirstSeenAt       time.Time // when the value was last written, first seen
}

const statisticsSeriesSQL = `SELECT source, dataset, indicator_code, indicator_name, dim_names, dim_values, period_start, period_end,
		granularity, period_text, value, unit, url, fetched_at, first_seen_at
	FROM {db}.statistics_latest
	WHERE (indicator_code = ? OR indicator_name = ?) AND (? = '' OR source = ?) AND (? = '' OR dataset = ?)
		AND (? = 0 OR has(CAST(? AS Array(String)), unit))
		AND period_end >= toDate(?) AND period_end <= toDate(?)
	ORDER BY source, dataset, indicator_code, dim_values, unit, period_end`

// StatisticsSeries reads the rows of statistics_latest that f selects,
// ordered by source, dataset, indicator, dimensions, unit and period. No row
// is no error.
func StatisticsSeries(ctx context.Context, conn driver.Conn, db string, f StatFilter) ([]StatRow, error) {
	if f.Series == "" {
		return nil, fmt.Errorf("reading %s.statistics_latest: no series given", db)
	}
	from, to := dateBounds(f.From, f.To)
	units := strings0(f.Units)
	return selectAll(ctx, conn, db, "reading "+f.String()+" from "+db+".statistics_latest", statisticsSeriesSQL,
		[]any{f.Series, f.Series, f.Source, f.Source, f.Dataset, f.Dataset, len(units), units, from, to},
		func(rows driver.Rows) (r StatRow, err error) {
			return r, rows.Scan(&r.Source, &r.Dataset, &r.IndicatorCode, &r.IndicatorName, &r.DimNames, &r.DimValues, &r.PeriodStart,
				&r.PeriodEnd, &r.Granularity, &r.PeriodText, &r.Value, &r.Unit, &r.URL, &r.FetchedAt, &r.FirstSeenAt)
		})
}

// Indicator is one indicator of statistics_latest, for listing and for
// suggesting a close name.
type Indicator struct {
	Code, Name string
	Sources    []string // sorted
	Rows       uint64
}

const statisticsIndicatorsSQL = `SELECT indicator_code, any(indicator_name), arraySort(groupUniqArray(source)), count()
	FROM {db}.statistics_latest GROUP BY indicator_code ORDER BY indicator_code`

// StatisticsIndicators lists the indicators of statistics_latest by code.
func StatisticsIndicators(ctx context.Context, conn driver.Conn, db string) ([]Indicator, error) {
	return selectAll(ctx, conn, db, "reading the indicators of "+db+".statistics_latest", statisticsIndicatorsSQL, nil,
		func(rows driver.Rows) (in Indicator, err error) {
			return in, rows.Scan(&in.Code, &in.Name, &in.Sources, &in.Rows)
		})
}
