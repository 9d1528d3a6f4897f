package csv

import (
	stdcsv "encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// Dialect is how a file writes its records, and which of its lines are
// not data.
type Dialect struct {
	Comma   rune // 0: sniffed (SniffDelimiter)
	Comment rune // lines starting with it are skipped; 0: none
	// SkipRows lines (physical lines, blank ones included) come before the
	// header: titles, filter blocks.
	SkipRows int
	// SkipFooter lines at the end (trailing blank lines not counted) are
	// notes, not data.
	SkipFooter int
	// StopBefore ends the data at the first line after the header that
	// matches it (a "****" rule, "Fußnoten", "Source:").
	StopBefore *regexp.Regexp
}

// Record is one record of a file and the line it starts on (from 1).
type Record struct {
	Line   int
	Fields []string
}

// Delimiters are the column separators SniffDelimiter chooses from.
const Delimiters = ",;\t|"

// SniffDelimiter picks the separator of lines: the candidate (",", ";",
// tab, "|") found outside quotes the same nonzero number of times on the
// most lines. Lines with none of them give ",".
func SniffDelimiter(lines []string) rune {
	best, bestScore := ',', 0
	for _, c := range Delimiters {
		counts := map[int]int{}
		for _, l := range lines {
			if n := countOutsideQuotes(l, c); n > 0 {
				counts[n]++
			}
		}
		score := 0
		for n, k := range counts {
			// lines agreeing on a count, weighted a little by the count
			if s := k*16 + min(n, 15); s > score {
				score = s
			}
		}
		if score > bestScore {
			best, bestScore = c, score
		}
	}
	return best
}

func countOutsideQuotes(line string, c rune) int {
	n, quoted := 0, false
	for _, r := range line {
		switch {
		case r == '"':
			quoted = !quoted
		case r == c && !quoted:
			n++
		}
	}
	return n
}

// ReadRecords splits text (UTF-8) into records under d, dropping the
// skipped and footer lines. Blank lines are dropped. Line numbers count
// from the start of text. It returns the separator used.
func ReadRecords(text string, d Dialect) ([]Record, rune, error) {
	lines := strings.SplitAfter(text, "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if d.SkipRows > len(lines) {
		return nil, 0, fmt.Errorf("skip_rows %d: the file has %d lines", d.SkipRows, len(lines))
	}
	end := len(lines)
	if d.SkipFooter > 0 {
		for end > d.SkipRows && strings.TrimSpace(lines[end-1]) == "" {
			end--
		}
		if end-d.SkipFooter < d.SkipRows {
			return nil, 0, fmt.Errorf("skip_footer %d: only %d lines after skip_rows", d.SkipFooter, end-d.SkipRows)
		}
		end -= d.SkipFooter
	}
	body := lines[d.SkipRows:end]
	comma := d.Comma
	if comma == 0 {
		sample := make([]string, 0, 50)
		for _, l := range body {
			if strings.TrimSpace(l) != "" && len(sample) < 50 {
				sample = append(sample, l)
			}
		}
		comma = SniffDelimiter(sample)
	}
	r := stdcsv.NewReader(strings.NewReader(strings.Join(body, "")))
	r.Comma = comma
	r.Comment = d.Comment
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var out []Record
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *stdcsv.ParseError
			if errors.As(err, &pe) {
				return nil, comma, fmt.Errorf("line %d: %w", pe.StartLine+d.SkipRows, pe.Err)
			}
			return nil, comma, err
		}
		line, _ := r.FieldPos(0)
		line += d.SkipRows
		if d.StopBefore != nil && len(out) > 0 && d.StopBefore.MatchString(strings.TrimRight(lines[line-1], "\r\n")) {
			break
		}
		out = append(out, Record{Line: line, Fields: rec})
	}
	return out, comma, nil
}

// blank reports whether every field is empty or white space (no-break
// spaces included).
func blank(fields []string) bool {
	for _, f := range fields {
		if strings.TrimFunc(f, isSpace) != "" {
			return false
		}
	}
	return true
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\u00a0' || r == '\u3000' || r == '\r' || r == '\n'
}
