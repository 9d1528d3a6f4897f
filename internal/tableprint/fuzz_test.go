package tableprint

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzWriter: Flush never fails or panics, and only moves cells: the
// output without spaces is the input without spaces and tabs.
func FuzzWriter(f *testing.F) {
	f.Add("SOURCE\tSUBJECT\tVALUE\nsasac-zh\t央企所办医疗机构\t182\nbetween\nA\tB\n")
	f.Add("\t\t\n\n２０\t·…\t\r\n")
	f.Add("no newline\tat end")
	f.Fuzz(func(t *testing.T, in string) {
		var buf bytes.Buffer
		w := NewWriter(&buf)
		w.Write([]byte(in))
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		strip := strings.NewReplacer(" ", "", "\t", "")
		if got, want := strip.Replace(buf.String()), strip.Replace(in); got != want {
			t.Fatalf("cells changed:\n in %q\nout %q", in, buf.String())
		}
	})
}

// FuzzTableText: any cells print as header, rule and one line per row,
// each cell's column starting at the same display column on every line.
func FuzzTableText(f *testing.F) {
	f.Add("source|subject|value", "sasac-zh|央企所办医疗机构|182")
	f.Add("a", "")
	f.Add("x|y", "e\u0301|２\n０")
	f.Fuzz(func(t *testing.T, header, row string) {
		tb := &Table{Header: strings.Split(header, "|"), Align: []Align{Left, Right}}
		cells := strings.Split(row, "|")
		if len(cells) > len(tb.Header) {
			cells = cells[:len(tb.Header)]
		}
		tb.Rows = [][]string{cells}
		var buf bytes.Buffer
		if err := tb.Text(&buf); err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(buf.String(), "\n"); n != 3 {
			t.Fatalf("%d lines, want 3:\n%s", n, buf.String())
		}
		if err := tb.Markdown(&bytes.Buffer{}); err != nil {
			t.Fatal(err)
		}
		if err := tb.CSV(&bytes.Buffer{}); err != nil {
			t.Fatal(err)
		}
	})
}
