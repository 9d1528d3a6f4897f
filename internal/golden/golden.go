// Package golden compares the output of a test with a golden file, and
// rewrites the file instead when the test runs with -update:
//
//	go test ./extract/csv -update
//
// The -update flag is registered here, once, for every test binary that
// imports the package; a test file must not define its own.
package golden

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

var update = flag.Bool("update", false, "rewrite the golden files with what the tests produce")

// Update reports whether the tests run with -update.
func Update() bool { return *update }

// TB is the part of testing.TB the package uses; a *testing.T is one.
type TB interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
	Logf(format string, args ...any)
}

// Assert compares got with the file at path, byte for byte, and fails t
// with a diff (Errorf) when they differ. With -update it writes got to path
// (creating its folder) instead, and t passes. A missing file fails t
// (Fatalf) with a hint to run -update.
func Assert(t TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := write(path, got); err != nil {
			t.Fatalf("golden: %v", err)
			return
		}
		t.Logf("golden: wrote %s", path)
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden: %v (go test -update writes it)", err)
		return
	}
	if d := Diff(got, want); d != "" {
		t.Errorf("output differs from %s (check it, then go test -update rewrites the file):\n%s", path, d)
	}
}

// JSON compares v, as json.MarshalIndent with two spaces writes it plus a
// final newline, with the file at path (see Assert).
func JSON(t TB, path string, v any) {
	t.Helper()
	got, err := MarshalJSON(v)
	if err != nil {
		t.Fatalf("golden: %s: %v", path, err)
		return
	}
	Assert(t, path, got)
}

// MarshalJSON is the form JSON compares: v indented by two spaces, with a
// final newline.
func MarshalJSON(v any) ([]byte, error) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

func write(path string, b []byte) error {
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	return os.WriteFile(path, b, 0o644)
}

// maxDiffLines bounds each side of the diff Diff prints.
const maxDiffLines = 40

// Diff describes how got differs from want, or returns "" when they are
// equal. It drops the lines the two share at the start and at the end and
// prints the rest of each, the lines of want prefixed "-", those of got
// "+", each side cut after 40 lines.
func Diff(got, want []byte) string {
	if bytes.Equal(got, want) {
		return ""
	}
	g, w := lines(got), lines(want)
	pre := 0
	for pre < len(g) && pre < len(w) && g[pre] == w[pre] {
		pre++
	}
	suf := 0
	for suf < len(g)-pre && suf < len(w)-pre && g[len(g)-1-suf] == w[len(w)-1-suf] {
		suf++
	}
	var b strings.Builder
	fmt.Fprintf(&b, "@@ line %d: want %d line(s), got %d @@\n", pre+1, len(w)-pre-suf, len(g)-pre-suf)
	side := func(mark string, ls []string) {
		for i, l := range ls {
			if i == maxDiffLines {
				fmt.Fprintf(&b, "%s... %d more line(s)\n", mark, len(ls)-i)
				break
			}
			fmt.Fprintf(&b, "%s%s\n", mark, l)
		}
	}
	side("-", w[pre:len(w)-suf])
	side("+", g[pre:len(g)-suf])
	return b.String()
}

// lines splits b into lines; a final newline ends the last line, and its
// absence shows as a last line "\ no newline at end".
func lines(b []byte) []string {
	if len(b) == 0 {
		return nil
	}
	s := string(b)
	noEOL := !strings.HasSuffix(s, "\n")
	ls := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	if noEOL {
		ls = append(ls, `\ no newline at end`)
	}
	return ls
}
