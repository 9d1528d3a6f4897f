package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/newsetl/newsetl/schedules"
	"github.com/newsetl/newsetl/transform"
)

// stdin is what `newsetl parse` reads; tests replace it.
var stdin io.Reader = os.Stdin

// maxParseLine is the longest input line `newsetl parse` reads; a longer one
// gets an error line and is skipped.
const maxParseLine = 10 << 20

// parseInput is one line of `newsetl parse` input.
type parseInput struct {
	ID        json.RawMessage `json:"id"`
	Text      *string         `json:"text"`
	Input     *string         `json:"input"` // the same as text, as score.py of the figures dev set writes it
	Lang      string          `json:"lang"`
	Published string          `json:"published"` // optional, "2006-01-02": resolves "last year" and is the fallback period
}

// parseOutput is one line of `newsetl parse` output.
type parseOutput struct {
	ID      json.RawMessage `json:"id"`
	Figures []parsedFigure  `json:"figures"`
}

// parseError is the output line for an input line that could not be read.
type parseError struct {
	ID    json.RawMessage `json:"id"`
	Error string          `json:"error"`
}

// parsedFigure is one figure as `newsetl parse` writes it. start and end are
// code-point offsets into the input text, end exclusive.
type parsedFigure struct {
	Text           string  `json:"text"`
	Value          float64 `json:"value"`
	Low            float64 `json:"low"`
	High           float64 `json:"high"`
	Kind           string  `json:"kind"`
	Unit           string  `json:"unit"`
	Subject        string  `json:"subject"`
	SubjectHead    string  `json:"subject_head"`
	Base           string  `json:"base"`
	Qualifier      string  `json:"qualifier"`
	Direction      string  `json:"direction"`
	Change         bool    `json:"change"`
	PeriodStart    *string `json:"period_start"`
	PeriodEnd      *string `json:"period_end"`
	Granularity    string  `json:"period_granularity"`
	AsOf           bool    `json:"as_of"`
	PeriodFallback bool    `json:"period_fallback"`
	PeriodTarget   bool    `json:"period_target,omitempty"`
	PeriodText     string  `json:"period_text"`
	Start          int     `json:"start"`
	End            int     `json:"end"`
	Metric         string  `json:"metric,omitempty"` // docs/analysts.md "Metric keys"; the shipped synonym table
	Entity         string  `json:"entity,omitempty"` // docs/analysts.md "Entities"
}

var nullID = json.RawMessage("null")

// cmdParse reads JSON lines {"id": ..., "text": ..., "lang": "en"|"zh"|""}
// from stdin and writes one line per input line, in order, with the figures
// of its text. A line that cannot be read gets {"id": ..., "error": "line
// N: ..."} and the stream goes on.
func cmdParse(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "parse")
	f.Usage = func() {
		fmt.Fprintln(e.stderr, `usage: newsetl parse < in.jsonl > out.jsonl

Reads JSON lines {"id": ..., "text": "...", "lang": "en"|"zh"|"", "published": "YYYY-MM-DD"}
(lang "" detects the language; published is optional) and writes, per line and in order,
{"id": ..., "figures": [{"text", "value", "kind", "unit", "subject", "qualifier",
"period_start", "period_end", "start", "end", ...}]}, start and end being code-point
offsets into text. A bad line gets {"id": ..., "error": "line N: ..."}.`)
		f.PrintDefaults()
	}
	numbers := f.Bool("numbers", false, `recognizer mode: write {"id": ..., "found": [{"text", "value", "kind", "start", "end", ...}]}`+
		` with every numeric expression (transform.Numbers), not the figures`)
	if err := f.parse(e, args); err != nil {
		return err
	}
	return parseStreamMode(ctx, stdin, e.stdout, *numbers)
}

// parseStream does the work of cmdParse in the figures mode.
func parseStream(ctx context.Context, in io.Reader, out io.Writer) error {
	return parseStreamMode(ctx, in, out, false)
}

// parseStreamMode does the work of cmdParse; numbers selects the
// recognizer mode.
func parseStreamMode(ctx context.Context, in io.Reader, out io.Writer, numbers bool) error {
	r := bufio.NewReaderSize(in, 64<<10)
	w := bufio.NewWriterSize(out, 64<<10)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			w.Flush()
			return err
		}
		line, tooLong, err := readLine(r, maxParseLine)
		if err != nil && !errors.Is(err, io.EOF) {
			w.Flush()
			return fmt.Errorf("reading line %d: %w", n, err)
		}
		if errors.Is(err, io.EOF) && len(line) == 0 && !tooLong {
			break
		}
		switch {
		case tooLong:
			enc.Encode(parseError{ID: nullID, Error: fmt.Sprintf("line %d: longer than %d bytes", n, maxParseLine)})
		case len(bytes.TrimSpace(line)) == 0:
			// blank lines are no input
		default:
			if numbers {
				if o, perr := numbersLine(line, n); perr != nil {
					enc.Encode(perr)
				} else {
					enc.Encode(o)
				}
			} else if o, perr := parseLine(line, n); perr != nil {
				enc.Encode(perr)
			} else {
				enc.Encode(o)
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if r.Buffered() == 0 {
			if err := w.Flush(); err != nil {
				return err
			}
		}
	}
	return w.Flush()
}

// readLine reads one line without its "\n" (and "\r"). A line longer than
// max is read to its end and reported as too long.
func readLine(r *bufio.Reader, max int) ([]byte, bool, error) {
	var buf []byte
	tooLong := false
	for {
		chunk, err := r.ReadSlice('\n')
		if !tooLong {
			if len(buf)+len(chunk) > max+2 {
				tooLong, buf = true, nil
			} else {
				buf = append(buf, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		buf = bytes.TrimRight(buf, "\r\n")
		return buf, tooLong, err
	}
}

// parseLine parses one input line in the figures mode.
func parseLine(line []byte, n int) (*parseOutput, *parseError) {
	in, opt, perr := readParseInput(line, n)
	if perr != nil {
		return nil, perr
	}
	o := &parseOutput{ID: in.ID, Figures: []parsedFigure{}}
	figs := transform.Parse(*in.Text, opt)
	ann := schedules.CurrentParser.Metrics.Annotate(*in.Text, figs)
	for i, f := range figs {
		pf := parsedFigure{Text: f.Text, Value: f.Value, Low: f.Low, High: f.High, Kind: string(f.Kind), Unit: f.Unit,
			Subject: f.Subject, SubjectHead: f.SubjectHead, Base: f.Base, Qualifier: f.Qualifier, Direction: f.Direction, Change: f.Change,
			Start: f.Start, End: f.End, Metric: ann[i].Metric, Entity: ann[i].Entity}
		if p := f.Period; p != nil {
			s, e := p.Start.Format("2006-01-02"), p.End.Format("2006-01-02")
			pf.PeriodStart, pf.PeriodEnd = &s, &e
			pf.Granularity, pf.AsOf, pf.PeriodFallback, pf.PeriodText = string(p.Granularity), p.AsOf, p.Fallback, p.Text
			pf.PeriodTarget = p.Target
		}
		o.Figures = append(o.Figures, pf)
	}
	return o, nil
}

// readParseInput reads and checks one input line of `newsetl parse`.
func readParseInput(line []byte, n int) (*parseInput, transform.Options, *parseError) {
	fail := func(id json.RawMessage, format string, a ...any) (*parseInput, transform.Options, *parseError) {
		if len(id) == 0 {
			id = nullID
		}
		return nil, transform.Options{}, &parseError{ID: id, Error: fmt.Sprintf("line %d: ", n) + fmt.Sprintf(format, a...)}
	}
	var in parseInput
	dec := json.NewDecoder(bytes.NewReader(line))
	if err := dec.Decode(&in); err != nil {
		// The line may still be an object whose id can be read.
		var loose map[string]json.RawMessage
		if json.Unmarshal(line, &loose) == nil {
			return fail(loose["id"], "%v", err)
		}
		return fail(nil, "not a JSON object: %v", err)
	}
	if dec.More() {
		return fail(in.ID, "more than one JSON value on the line")
	}
	if in.Text == nil {
		in.Text = in.Input
	}
	if in.Text == nil {
		return fail(in.ID, `missing "text"`)
	}
	if in.Lang != "" && transform.LangOf(in.Lang) == "" {
		return fail(in.ID, `lang %q: want "en", "zh" or "" (detect)`, in.Lang)
	}
	opt := transform.Options{Lang: in.Lang}
	if in.Published != "" {
		t, err := time.Parse("2006-01-02", in.Published)
		if err != nil {
			return fail(in.ID, `published %q: want YYYY-MM-DD`, in.Published)
		}
		opt.Published = t
	}
	if len(in.ID) == 0 {
		in.ID = nullID
	}
	return &in, opt, nil
}

// numbersOutput is one line of `newsetl parse --numbers` output, in the
// protocol of the figures dev set's score.py.
type numbersOutput struct {
	ID    json.RawMessage `json:"id"`
	Found []parsedNumber  `json:"found"`
}

// parsedNumber is one numeric expression as `newsetl parse --numbers`
// writes it. start and end are code-point offsets, end exclusive.
type parsedNumber struct {
	Text     string  `json:"text"`
	Value    float64 `json:"value"`
	Kind     string  `json:"kind"`
	Fraction bool    `json:"fraction,omitempty"`
	Unit     string  `json:"unit,omitempty"`
	// InPercent marks the numeral of a percentage, listed after it as a
	// number of its own ("五十五点五七九" in "百分之五十五点五七九").
	InPercent bool `json:"in_percent,omitempty"`
	Start     int  `json:"start"`
	End       int  `json:"end"`
}

// numbersLine reads one input line in the recognizer mode.
func numbersLine(line []byte, n int) (*numbersOutput, *parseError) {
	in, opt, perr := readParseInput(line, n)
	if perr != nil {
		return nil, perr
	}
	o := &numbersOutput{ID: in.ID, Found: []parsedNumber{}}
	rs := []rune(*in.Text)
	for _, x := range transform.Numbers(*in.Text, opt) {
		o.Found = append(o.Found, parsedNumber{Text: x.Text, Value: x.Value, Kind: string(x.Kind), Fraction: x.Fraction,
			Unit: x.Unit, Start: x.Start, End: x.End})
		if x.NumEnd > x.NumStart && x.NumEnd <= len(rs) {
			o.Found = append(o.Found, parsedNumber{Text: string(rs[x.NumStart:x.NumEnd]), Value: x.NumValue,
				Kind: string(transform.NumCardinal), InPercent: true, Start: x.NumStart, End: x.NumEnd})
		}
	}
	return o, nil
}
