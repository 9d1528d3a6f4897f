package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsetl/newsetl/load"
	"github.com/newsetl/newsetl/load/loadtest"
)

const analystsDoc = repoRoot + "/docs/analysts.md"

// TestAnalystsDocExamples loads the sample site with `newsetl demo`,
// checks that the English and Chinese SASAC releases give their medical
// institutions one metric, republishes the English release with a changed
// figure and ingests sasac-en again (the revision must appear in
// fact_revisions), then runs every example query of docs/analysts.md and
// compares its rows with the block that follows it.
func TestAnalystsDocExamples(t *testing.T) {
	ch := loadtest.Config(t)
	site := copySite(t, repoRoot+"/testdata/site")
	addr := freeAddr(t)
	code, stdout, stderr := newsetl(t, ch, nil, "demo", "--config", repoRoot+"/examples/demo.yaml", "--site", site,
		"--listen", addr, "--log-level", "warn")
	if code != exitOK {
		t.Fatalf("demo exited %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	s := open(t, ch)
	db := ch.Database
	checkMedicalInstitutionsShareOneMetric(t, s)

	// Republish: 359 → 361 in the English release, its list page touched
	// so the incremental crawl reads it again.
	article := filepath.Join(site, "sasac/en/2021/12/art_4512.html")
	raw, err := os.ReadFile(article)
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(raw), "359 medical institutions passed", "361 medical institutions passed", 1)
	if changed == string(raw) {
		t.Fatal("the sample article no longer holds \"359 medical institutions passed\"")
	}
	if err := os.WriteFile(article, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Hour)
	for _, p := range []string{article, filepath.Join(site, "sasac/en/index.html")} {
		if err := os.Chtimes(p, later, later); err != nil {
			t.Fatal(err)
		}
	}
	ln, err := net.Listen("tcp", addr) // the same address: the same URLs, so the same article ids
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(site)), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	code, stdout, stderr = newsetl(t, ch, map[string]string{"SAMPLE_SITE": "http://" + addr}, "ingest",
		"--config", repoRoot+"/examples/demo.yaml", "--source", "sasac-en", "--log-level", "warn")
	if code != exitOK {
		t.Fatalf("second ingest exited %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	var value, prev float64
	var cause string
	err = s.Conn().QueryRow(context.Background(), "SELECT value, assumeNotNull(previous_value), cause FROM "+db+
		".fact_revisions WHERE metric = 'medical_institution' AND source = 'sasac-en' AND revision = 2").Scan(&value, &prev, &cause)
	if err != nil || value != 361 || prev != 359 || cause != "revised page" {
		t.Errorf("fact_revisions: revision 2 = %v (previous %v, %q), %v; want 361 replacing 359, \"revised page\"", value, prev, cause, err)
	}
	if n := loadtest.Count(t, s, "SELECT count() FROM "+db+".fact_revisions"); n != 2 {
		t.Errorf("fact_revisions has %d rows, want 2 (the first report and the revised one)", n)
	}

	examples := docExamples(t, analystsDoc)
	if len(examples) < 4 {
		t.Fatalf("%s has %d example queries with expected rows, want at least 4", analystsDoc, len(examples))
	}
	for _, ex := range examples {
		got := queryRows(t, s, strings.ReplaceAll(ex.query, "newsetl.", db+"."))
		if ex.want == nil {
			continue // a query shown without rows: it must run
		}
		if strings.Join(got, "\n") != strings.Join(ex.want, "\n") {
			t.Errorf("%s:%d: the example query returns\n%s\nwant (the doc's block)\n%s", analystsDoc, ex.line,
				strings.Join(got, "\n"), strings.Join(ex.want, "\n"))
		}
	}
}

// checkMedicalInstitutionsShareOneMetric asserts that every fact of the
// SASAC release counting medical institutions, in English and in Chinese,
// has the metric medical_institution.
func checkMedicalInstitutionsShareOneMetric(t *testing.T, s *load.Store) {
	t.Helper()
	db := s.Database()
	for _, c := range []struct{ source, subject string }{{"sasac-en", "%medical institutions%"}, {"sasac-zh", "%医疗机构"}} {
		q := "SELECT count() FROM " + db + ".facts_latest WHERE source = ? AND kind = 'count' AND path(url) LIKE '%/2021/12/art_4512.html' AND subject LIKE ?"
		all := loadtest.Count(t, s, q, c.source, c.subject)
		same := loadtest.Count(t, s, q+" AND metric = 'medical_institution'", c.source, c.subject)
		if all < 7 || same != all {
			t.Errorf("%s: %d of %d counts of medical institutions have the metric medical_institution; want all, at least 7", c.source, same, all)
		}
	}
	if n := loadtest.Count(t, s, "SELECT uniqExact(source) FROM "+db+".metric_series WHERE metric = 'medical_institution' AND source IN ('sasac-en', 'sasac-zh')"); n != 2 {
		t.Errorf("metric_series has medical_institution for %d of the two SASAC sources", n)
	}
	// The one holder the Chinese release names: 华润集团 (the English one says "It has 182").
	if n := loadtest.Count(t, s, "SELECT count() FROM "+db+".facts_latest WHERE source = 'sasac-zh' AND entity = '华润集团' AND value IN (182, 27000, 13330000)"); n != 3 {
		t.Errorf("sasac-zh: %d of the figures of 华润集团 have it as entity, want 3", n)
	}
}

// docExample is a ```sql block of the doc and the rows of the ```text
// block after it (nil when none follows).
type docExample struct {
	line  int
	query string
	want  []string
}

// docExamples reads the example queries of a markdown file.
func docExamples(t *testing.T, path string) []docExample {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []docExample
	var cur *docExample
	var block []string
	kind := "" // the fence being read: "sql", "text", "other" or ""
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case kind == "" && strings.HasPrefix(line, "```"):
			kind, block = strings.TrimPrefix(line, "```"), nil
			if kind != "sql" && kind != "text" {
				kind = "other"
			}
			if kind == "sql" {
				out = append(out, docExample{line: n})
				cur = &out[len(out)-1]
			}
		case kind != "" && line == "```":
			switch {
			case kind == "sql":
				cur.query = strings.Join(block, "\n")
			case kind == "text" && cur != nil && cur.want == nil:
				cur.want = append([]string{}, block...)
			}
			if kind != "sql" {
				cur = nil
			}
			kind = ""
		case kind != "":
			block = append(block, line)
		case strings.TrimSpace(line) != "":
			cur = nil // prose between a query and a text block: the block is not its rows
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// queryRows runs a query and returns its rows as the doc shows them: the
// values joined by " | ", numbers in the shortest form, dates as
// 2006-01-02, NULL for NULL.
func queryRows(t *testing.T, s *load.Store, query string) []string {
	t.Helper()
	rows, err := s.Conn().Query(context.Background(), query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	types := rows.ColumnTypes()
	var out []string
	for rows.Next() {
		ptrs := make([]any, len(types))
		for i, ct := range types {
			ptrs[i] = reflect.New(ct.ScanType()).Interface()
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		vals := make([]string, len(ptrs))
		for i, p := range ptrs {
			vals[i] = docValue(reflect.ValueOf(p).Elem(), types[i].DatabaseTypeName())
		}
		out = append(out, strings.Join(vals, " | "))
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return out
}

func docValue(v reflect.Value, dbType string) string {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return "NULL"
		}
		v = v.Elem()
	}
	switch x := v.Interface().(type) {
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'f', -1, 32)
	case time.Time:
		if strings.Contains(dbType, "DateTime") {
			return x.UTC().Format("2006-01-02 15:04:05")
		}
		return x.Format("2006-01-02")
	}
	return fmt.Sprint(v.Interface()) // arrays as Go prints them: [a b]
}

// copySite copies the sample site to a temporary directory the test may change.
func copySite(t *testing.T, from string) string {
	t.Helper()
	to := t.TempDir()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, p)
		if err != nil {
			return err
		}
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if err := os.WriteFile(dst, raw, 0o644); err != nil {
			return err
		}
		return os.Chtimes(dst, info.ModTime(), info.ModTime())
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	return to
}
