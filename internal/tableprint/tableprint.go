// Package tableprint prints tables for terminals with columns aligned by
// display width: East Asian wide and fullwidth characters (Chinese,
// Japanese, Korean, fullwidth digits) take two columns, combining marks
// none, everything else one. text/tabwriter counts runes, so a Chinese
// cell pushes every later column of its row out of line; this package does
// not.
//
// Table prints a whole table as text, Markdown or CSV. Writer is a drop-in
// for the tabwriter idiom (cells ended by '\t', Flush at the end) for
// commands that print several tables with text between them.
//
// Ambiguous-width characters (·, …, “”) count one column whatever the
// locale, so output does not depend on the environment.
package tableprint

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/mattn/go-runewidth"
)

// cond measures display width; EastAsianWidth false: ambiguous characters
// are narrow, independent of LANG/LC_ALL/RUNEWIDTH_EASTASIAN.
var cond = &runewidth.Condition{EastAsianWidth: false, StrictEmojiNeutral: true}

// Width is the number of terminal columns s takes.
func Width(s string) int { return cond.StringWidth(s) }

// Align is a column's alignment in text and Markdown output.
type Align int

// Alignments.
const (
	Left Align = iota
	Right
)

// Table is a header and rows of cells. Rows shorter than the header are
// padded with empty cells; longer rows are an error when printed. Align
// holds a column's alignment (missing: Left).
type Table struct {
	Header []string
	Rows   [][]string
	Align  []Align
}

// gap separates columns in text output.
const gap = "  "

// cell returns row's i-th cell, "" past its end.
func cell(row []string, i int) string {
	if i < len(row) {
		return row[i]
	}
	return ""
}

func (t *Table) check() error {
	for i, r := range t.Rows {
		if len(r) > len(t.Header) {
			return fmt.Errorf("tableprint: row %d has %d cells, the header %d", i+1, len(r), len(t.Header))
		}
	}
	return nil
}

func (t *Table) align(i int) Align {
	if i < len(t.Align) {
		return t.Align[i]
	}
	return Left
}

// widths is the display width of each column over the header and rows.
func (t *Table) widths() []int {
	w := make([]int, len(t.Header))
	for i, h := range t.Header {
		w[i] = Width(oneLine(h))
	}
	for _, r := range t.Rows {
		for i := range w {
			w[i] = max(w[i], Width(oneLine(cell(r, i))))
		}
	}
	return w
}

// oneLine shows line breaks and tabs inside a cell as visible escapes, so
// that one row stays one line.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\n\r\t") {
		return s
	}
	return strings.NewReplacer("\n", `\n`, "\r", `\r`, "\t", `\t`).Replace(s)
}

// pad returns s padded with spaces to width display columns.
func pad(s string, width int, a Align) string {
	n := width - Width(s)
	if n <= 0 {
		return s
	}
	if a == Right {
		return strings.Repeat(" ", n) + s
	}
	return s + strings.Repeat(" ", n)
}

// Text writes the table as aligned columns: the header, a rule of dashes
// as wide as each column, then the rows; columns are two spaces apart, no
// trailing spaces. Line breaks in cells are written as \n.
func (t *Table) Text(w io.Writer) error {
	if err := t.check(); err != nil {
		return err
	}
	widths := t.widths()
	var b strings.Builder
	line := func(cells func(i int) string, align func(i int) Align) {
		var l strings.Builder
		for i, wd := range widths {
			if i > 0 {
				l.WriteString(gap)
			}
			l.WriteString(pad(cells(i), wd, align(i)))
		}
		b.WriteString(strings.TrimRight(l.String(), " "))
		b.WriteByte('\n')
	}
	line(func(i int) string { return oneLine(t.Header[i]) }, t.align)
	line(func(i int) string { return strings.Repeat("-", widths[i]) }, t.align)
	for _, r := range t.Rows {
		line(func(i int) string { return oneLine(cell(r, i)) }, t.align)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Markdown writes the table as a GitHub-flavoured Markdown table, padded
// by display width so the source reads as a table too. Pipes are escaped,
// line breaks become <br>.
func (t *Table) Markdown(w io.Writer) error {
	if err := t.check(); err != nil {
		return err
	}
	esc := func(s string) string {
		s = strings.ReplaceAll(s, `|`, `\|`)
		s = strings.ReplaceAll(s, "\r\n", "<br>")
		return strings.NewReplacer("\n", "<br>", "\r", "<br>").Replace(s)
	}
	widths := make([]int, len(t.Header))
	for i, h := range t.Header {
		widths[i] = max(3, Width(esc(h)))
	}
	for _, r := range t.Rows {
		for i := range widths {
			widths[i] = max(widths[i], Width(esc(cell(r, i))))
		}
	}
	var b strings.Builder
	row := func(cells func(i int) string) {
		b.WriteString("|")
		for i, wd := range widths {
			b.WriteString(" " + pad(cells(i), wd, t.align(i)) + " |")
		}
		b.WriteByte('\n')
	}
	row(func(i int) string { return esc(t.Header[i]) })
	row(func(i int) string {
		if t.align(i) == Right {
			return strings.Repeat("-", widths[i]-1) + ":"
		}
		return strings.Repeat("-", widths[i])
	})
	for _, r := range t.Rows {
		row(func(i int) string { return esc(cell(r, i)) })
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// CSV writes the header and rows as RFC 4180 CSV (encoding/csv).
func (t *Table) CSV(w io.Writer) error {
	if err := t.check(); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Header); err != nil {
		return err
	}
	for _, r := range t.Rows {
		full := make([]string, len(t.Header))
		copy(full, r)
		if err := cw.Write(full); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Truncate shortens s to at most width display columns, ending it with
// "…" when it cut; s fitting in width is returned as is.
func Truncate(s string, width int) string {
	if Width(s) <= width {
		return s
	}
	if width <= 0 {
		return ""
	}
	var b strings.Builder
	w := 0
	for _, r := range s {
		rw := cond.RuneWidth(r)
		if w+rw > width-1 { // room for "…"
			break
		}
		b.WriteRune(r)
		w += rw
	}
	return b.String() + "…"
}
