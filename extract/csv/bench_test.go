package csv_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/extract/csv"
)

// BenchmarkReadNHS reads the NHS dev-set file (UTF-16LE, 327 rows × 15
// value columns) from its decoded text: dialect, mapping and number
// parsing, without HTTP.
func BenchmarkReadNHS(b *testing.B) {
	ds := filepath.Join("..", "..", "..", "shared", "devsets", "statistics", "tables", "nhs-mha-kp90-2010-11.utf16le.csv")
	raw, err := os.ReadFile(ds)
	if err != nil {
		b.Skipf("dev set absent: %v", err)
	}
	enc, _, err := csv.DetectEncoding(raw)
	if err != nil {
		b.Fatal(err)
	}
	text, err := enc.NewDecoder().Bytes(raw)
	if err != nil {
		b.Fatal(err)
	}
	cfg, err := os.ReadFile("testdata/devset/nhs-mha-kp90-2010-11.yaml")
	if err != nil {
		b.Fatal(err)
	}
	x, err := extract.Build(source(b, "nhs", strings.ReplaceAll(string(cfg), "{base}", "http://example.org")), fetcher())
	if err != nil {
		b.Fatal(err)
	}
	src := x.(*csv.Source)
	page := &extract.Page{URL: "http://example.org/nhs.csv", FetchedAt: time.Unix(0, 0)}
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		obs, errs, err := src.Read(text, page)
		if err != nil || len(errs) > 0 || len(obs) != 4905 {
			b.Fatal(err, len(errs), len(obs))
		}
	}
}
