package spool

import (
	"errors"
	"testing"
	"time"

	"github.com/newsetl/newsetl/record"
)

// FuzzSpoolReader: readOps reads any bytes without panicking; it returns
// either every op of the file or an error wrapping ErrCorrupt and no ops,
// and what it reads re-encodes to the same ops.
func FuzzSpoolReader(f *testing.F) {
	at := time.Date(2021, 12, 20, 0, 0, 0, 0, time.UTC)
	good := []byte(magic)
	for _, o := range []*op{
		{Kind: opVersions, Source: "news", Articles: []record.Article{{ArticleID: 1, Source: "news", URL: "https://e.org/a", FetchedAt: at}},
			Facts: []record.Fact{{FactID: 2, ArticleID: 1, Value: 3.2, ParsedAt: at}}},
		{Kind: opRun, Source: "news", Run: &record.Run{RunID: "r", Source: "news", Status: "ok"}},
		{Kind: opPageStates, Source: "统计局", States: []record.PageState{{Source: "统计局", URL: "https://e.org/中文", FetchedAt: at}}},
	} {
		fr, err := encodeFrame(o)
		if err != nil {
			f.Fatal(err)
		}
		good = append(good, fr...)
	}
	f.Add(good)
	f.Add(good[:len(good)-1])
	f.Add([]byte(magic))
	f.Add([]byte{})
	f.Add(append([]byte(magic), 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0))
	f.Fuzz(func(t *testing.T, data []byte) {
		ops, err := readOps(data)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) || ops != nil {
				t.Fatalf("err = %v with %d ops, want ErrCorrupt and none", err, len(ops))
			}
			return
		}
		again := []byte(magic)
		for i := range ops {
			fr, err := encodeFrame(&ops[i])
			if err != nil {
				t.Fatalf("op %d read but does not re-encode: %v", i, err)
			}
			again = append(again, fr...)
		}
		ops2, err := readOps(again)
		if err != nil || len(ops2) != len(ops) {
			t.Fatalf("re-encoded ops read back as %d, %v; want %d", len(ops2), err, len(ops))
		}
		for i := range ops {
			if ops[i].Kind != ops2[i].Kind || ops[i].rows() != ops2[i].rows() || ops[i].Source != ops2[i].Source {
				t.Fatalf("op %d changed in a round trip", i)
			}
		}
	})
}
