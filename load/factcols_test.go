package load

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsetl/newsetl/record"
)

func TestFactColumnsGroupByPartitionAndKeepEveryRow(t *testing.T) {
	month := func(y int, m time.Month) time.Time { return time.Date(y, m, 15, 0, 0, 0, 0, time.UTC) }
	start := month(2025, 1)
	rows := []record.Fact{
		{FactID: 1, PublishedAt: month(2025, 3), Value: 2, Source: "a"},
		{FactID: 2, PublishedAt: month(2024, 12), Value: 3, ValueLow: 3, ValueHigh: 5, PeriodStart: &start},
		{FactID: 3, PublishedAt: month(2025, 3), Value: 4, AsOf: true},
		{FactID: 4, PublishedAt: month(2025, 1).In(time.FixedZone("CST", 8*3600)), Value: 5},
	}
	order := byPartition(rows)
	if got, want := order, []int{1, 3, 0, 2}; !slices.Equal(got, want) {
		t.Fatalf("byPartition = %v, want %v (by month, stable)", got, want)
	}
	cols := factColumns(rows, order)
	if n := len(cols); n != len(strings.Split(factColumnList, ",")) {
		t.Fatalf("%d columns, want one per name in factColumnList", n)
	}
	ids := cols[0].([]uint64)
	low, high := cols[22].([]float64), cols[23].([]float64)
	asOf := cols[18].([]uint8)
	ps := cols[15].([]*time.Time)
	if !slices.Equal(ids, []uint64{2, 4, 1, 3}) || low[0] != 3 || high[0] != 5 || low[2] != 2 || high[2] != 2 ||
		asOf[3] != 1 || ps[0] != &start || ps[1] != nil {
		t.Fatalf("columns: ids %v low %v high %v as_of %v period_start %v", ids, low, high, asOf, ps)
	}
	// A batch rebuilt for a retry is the same batch.
	again := factColumns(rows, order)
	if !slices.Equal(again[0].([]uint64), ids) {
		t.Fatal("rebuilt columns differ")
	}
}
