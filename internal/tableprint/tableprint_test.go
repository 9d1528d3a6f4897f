package tableprint

import (
	"bytes"
	"strings"
	"testing"

	"github.com/newsetl/newsetl/internal/golden"
)

// mixed is a table of English and Chinese cells, with a fullwidth digit
// cell, an ambiguous-width middle dot and a cell with a line break.
func mixed() *Table {
	return &Table{
		Header: []string{"source", "subject", "value", "unit"},
		Rows: [][]string{
			{"sasac-en", "medical institutions", "182", "institutions"},
			{"sasac-zh", "央企所办医疗机构", "182", "家"},
			{"nbs", "卫生总费用 · total", "72306.4", "亿元"},
			{"nbs", "应交税费", "２０，４８７．５", "亿元"},
			{"feed", "two\nlines | pipe", "-1.5"},
		},
		Align: []Align{Left, Left, Right, Left},
	}
}

func TestWidth(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want int
	}{
		{"abc", 3}, {"医疗机构", 8}, {"a医b", 4}, {"２０", 4}, {"·…", 2}, {"", 0}, {"é", 1}, {"e\u0301", 1},
	} {
		if got := Width(tc.s); got != tc.want {
			t.Errorf("Width(%q) = %d, want %d", tc.s, got, tc.want)
		}
	}
}

func TestTextAlignsByDisplayWidth(t *testing.T) {
	var buf bytes.Buffer
	if err := mixed().Text(&buf); err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, "testdata/mixed.txt", buf.Bytes())
	// Independent of the golden: every column starts at the same display
	// column on every line (the value column is right-aligned, so its end).
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	start := func(l, prefix string) int { return Width(l[:strings.Index(l, prefix)]) }
	for _, l := range lines[2:4] {
		if got, want := start(l, strings.Fields(l)[1]), start(lines[0], "subject"); got != want {
			t.Errorf("subject starts at column %d in %q, header at %d", got, l, want)
		}
		unit := strings.Fields(l)[len(strings.Fields(l))-1]
		if got, want := Width(l[:strings.LastIndex(l, unit)]), start(lines[0], "unit"); got != want {
			t.Errorf("unit starts at column %d in %q, header at %d", got, l, want)
		}
	}
	if !strings.Contains(buf.String(), `two\nlines | pipe`) {
		t.Errorf("line break not escaped:\n%s", buf.String())
	}
}

func TestMarkdown(t *testing.T) {
	var buf bytes.Buffer
	if err := mixed().Markdown(&buf); err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, "testdata/mixed.md", buf.Bytes())
	if !strings.Contains(buf.String(), `two<br>lines \| pipe`) {
		t.Errorf("pipe or line break not escaped:\n%s", buf.String())
	}
}

func TestCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := mixed().CSV(&buf); err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, "testdata/mixed.csv", buf.Bytes())
	if !strings.Contains(buf.String(), "feed,\"two\nlines | pipe\",-1.5,\n") {
		t.Errorf("short row not padded or quoting wrong:\n%s", buf.String())
	}
}

func TestTooManyCells(t *testing.T) {
	tb := &Table{Header: []string{"a"}, Rows: [][]string{{"1", "2"}}}
	if err := tb.Text(&bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "row 1 has 2 cells") {
		t.Errorf("got %v", err)
	}
}

func TestWriterLikeTabwriterButByWidth(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	w.Write([]byte("\nRecent facts:\nSOURCE\tSUBJECT\tVALUE\n"))
	w.Write([]byte("sasac-en\tmedical institutions\t182\n"))
	w.Write([]byte("sasac-zh\t央企所办医疗机构\t182\n"))
	w.Write([]byte("between\n"))
	w.Write([]byte("A\tB\nlonger\tx\n"))
	w.Write([]byte("no newline"))
	if buf.Len() != 0 {
		t.Fatal("wrote before Flush")
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "\nRecent facts:\n" +
		"SOURCE    SUBJECT               VALUE\n" +
		"sasac-en  medical institutions  182\n" +
		"sasac-zh  央企所办医疗机构      182\n" +
		"between\n" +
		"A       B\n" +
		"longer  x\n" +
		"no newline"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestTruncate(t *testing.T) {
	for _, tc := range []struct {
		s     string
		width int
		want  string
	}{
		{"medical institutions", 50, "medical institutions"},
		{"medical institutions", 8, "medical…"},
		{"央企所办医疗机构", 16, "央企所办医疗机构"},
		{"央企所办医疗机构", 9, "央企所办…"},
		{"央企所办医疗机构", 8, "央企所…"},
		{"abc", 0, ""},
	} {
		got := Truncate(tc.s, tc.width)
		if got != tc.want || Width(got) > tc.width {
			t.Errorf("Truncate(%q, %d) = %q (width %d), want %q", tc.s, tc.width, got, Width(got), tc.want)
		}
	}
}
