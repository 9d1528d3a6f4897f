package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// fakeT records what Assert reports; Fatalf ends the goroutine as
// testing.T's does.
type fakeT struct {
	errors, fatals, logs []string
}

func (f *fakeT) Helper() {}
func (f *fakeT) Errorf(format string, a ...any) {
	f.errors = append(f.errors, fmt.Sprintf(format, a...))
}
func (f *fakeT) Logf(format string, a ...any) { f.logs = append(f.logs, fmt.Sprintf(format, a...)) }
func (f *fakeT) Fatalf(format string, a ...any) {
	f.fatals = append(f.fatals, fmt.Sprintf(format, a...))
	runtime.Goexit()
}
func (f *fakeT) failed() bool   { return len(f.errors)+len(f.fatals) > 0 }
func (f *fakeT) report() string { return strings.Join(append(f.errors, f.fatals...), "\n") }

var _ TB = (*testing.T)(nil)

// run calls fn with a fake T in its own goroutine, so that Fatalf can end it.
func run(fn func(TB)) *fakeT {
	f := &fakeT{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(f)
	}()
	<-done
	return f
}

func setUpdate(t *testing.T, v bool) {
	old := *update
	*update = v
	t.Cleanup(func() { *update = old })
}

func TestAssertMatch(t *testing.T) {
	setUpdate(t, false)
	path := filepath.Join(t.TempDir(), "out.txt")
	if err := os.WriteFile(path, []byte("a\nb\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if f := run(func(tb TB) { Assert(tb, path, []byte("a\nb\n")) }); f.failed() {
		t.Errorf("equal output failed: %s", f.report())
	}
}

func TestAssertMismatch(t *testing.T) {
	setUpdate(t, false)
	path := filepath.Join(t.TempDir(), "out.txt")
	if err := os.WriteFile(path, []byte("a\nb\nc\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f := run(func(tb TB) { Assert(tb, path, []byte("a\nB\nc\n")) })
	if len(f.errors) != 1 || len(f.fatals) != 0 {
		t.Fatalf("mismatch: errors %q, fatals %q; want one error", f.errors, f.fatals)
	}
	for _, want := range []string{path, "-update", "@@ line 2: want 1 line(s), got 1 @@\n-b\n+B\n"} {
		if !strings.Contains(f.errors[0], want) {
			t.Errorf("error %q does not hold %q", f.errors[0], want)
		}
	}
	if b, _ := os.ReadFile(path); string(b) != "a\nb\nc\n" {
		t.Errorf("a failing comparison changed the file: %q", b)
	}
}

func TestAssertMissingFile(t *testing.T) {
	setUpdate(t, false)
	path := filepath.Join(t.TempDir(), "none.json")
	f := run(func(tb TB) {
		Assert(tb, path, []byte("x"))
		tb.Errorf("Assert went on after Fatalf")
	})
	if len(f.fatals) != 1 || len(f.errors) != 0 || !strings.Contains(f.fatals[0], "-update") {
		t.Errorf("missing file: errors %q, fatals %q; want one fatal naming -update", f.errors, f.fatals)
	}
}

func TestAssertUpdateWrites(t *testing.T) {
	setUpdate(t, true)
	path := filepath.Join(t.TempDir(), "new", "out.json")
	f := run(func(tb TB) { JSON(tb, path, map[string]any{"b": []int{1}, "a": "<x>"}) })
	if f.failed() {
		t.Fatalf("-update failed: %s", f.report())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// json.MarshalIndent's form: sorted keys, HTML escaped, final newline.
	if want := "{\n  \"a\": \"\\u003cx\\u003e\",\n  \"b\": [\n    1\n  ]\n}\n"; string(b) != want {
		t.Errorf("wrote %q, want %q", b, want)
	}
	setUpdate(t, false)
	if f := run(func(tb TB) { JSON(tb, path, map[string]any{"a": "<x>", "b": []int{1}}) }); f.failed() {
		t.Errorf("the written file does not match: %s", f.report())
	}
	if f := run(func(tb TB) { JSON(tb, path, map[string]any{"a": "<x>", "b": []int{2}}) }); len(f.errors) != 1 {
		t.Errorf("a changed value: errors %q, want one", f.errors)
	}
}

func TestJSONUnmarshalable(t *testing.T) {
	setUpdate(t, false)
	f := run(func(tb TB) { JSON(tb, filepath.Join(t.TempDir(), "x.json"), func() {}) })
	if len(f.fatals) != 1 {
		t.Errorf("a value JSON cannot hold: fatals %q, want one", f.fatals)
	}
}

func TestDiff(t *testing.T) {
	cases := []struct{ got, want, diff string }{
		{"a\nb\n", "a\nb\n", ""},
		{"", "", ""},
		{"a\nb\n", "a\nb", "@@ line 3: want 1 line(s), got 0 @@\n-\\ no newline at end\n"},
		{"a\nx\ny\nc\n", "a\nb\nc\n", "@@ line 2: want 1 line(s), got 2 @@\n-b\n+x\n+y\n"},
		{"a\nc\n", "a\nb\nc\n", "@@ line 2: want 1 line(s), got 0 @@\n-b\n"},
		{"new\n", "", "@@ line 1: want 0 line(s), got 1 @@\n+new\n"},
		{"a\na\n", "a\n", "@@ line 2: want 0 line(s), got 1 @@\n+a\n"},
	}
	for _, c := range cases {
		if d := Diff([]byte(c.got), []byte(c.want)); d != c.diff {
			t.Errorf("Diff(%q, %q) =\n%q\nwant\n%q", c.got, c.want, d, c.diff)
		}
	}
	var g, w strings.Builder
	for i := range 100 {
		fmt.Fprintf(&g, "g%d\n", i)
		fmt.Fprintf(&w, "w%d\n", i)
	}
	d := Diff([]byte(g.String()), []byte(w.String()))
	if !strings.Contains(d, "-w39\n-... 60 more line(s)\n+g0\n") || strings.Contains(d, "w40") || !strings.HasSuffix(d, "+... 60 more line(s)\n") {
		t.Errorf("long diff not cut after %d lines:\n%s", maxDiffLines, d)
	}
}
