// Package csv is the "csv" source kind: a CSV download of statistics read
// into observations through a column mapping.
//
// Encoding: the file is fetched raw (extract.Request.Raw). The encoding
// option wins; else a charset the server declares, unless it says UTF-8
// (servers label files UTF-8 by default); else the bytes decide: a BOM,
// valid UTF-8, or GB18030 (a superset of GBK and GB2312).
package csv

import (
	"bytes"
	"context"
	stdcsv "encoding/csv"
	"errors"
	"fmt"
	"io"
	"mime"
	"slices"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/transform/stats"
)

// Kind is the name sources use in the config file.
const Kind = "csv"

// Options are the kind-specific keys of a csv source.
type Options struct {
	URL       string  `yaml:"url" required:"true"`
	Dataset   string  `yaml:"dataset" required:"true"`
	Encoding  string  `yaml:"encoding"`  // "" (detect), "utf-8", "gbk", "gb18030"
	Delimiter string  `yaml:"delimiter"` // one character; default ","
	SkipRows  int     `yaml:"skip_rows"` // lines before the header
	Columns   Columns `yaml:"columns"`
	Unit      string  `yaml:"unit"` // the unit of every value when there is no unit column ("亿元", "percent")
	// ExpectColumns, when set, is the header exactly (in any order): a
	// column added or removed is an error.
	ExpectColumns []string `yaml:"expect_columns"`
}

// Columns maps the file's columns (by header name) to observation fields.
type Columns struct {
	Period    string    `yaml:"period" required:"true"`
	Value     string    `yaml:"value" required:"true"`
	Indicator Indicator `yaml:"indicator"`
	Unit      string    `yaml:"unit"` // a column of unit texts ("亿元"); optional
	Dims      []string  `yaml:"dims"` // columns that are dimensions, named by their header
}

// Indicator is either a column name (`indicator: 指标`) or, for a file that
// holds one indicator, the indicator itself (`indicator: {code: X, name: Y}`).
type Indicator struct {
	Column string `yaml:"-"`
	Code   string `yaml:"code"`
	Name   string `yaml:"name"`
}

// UnmarshalYAML accepts a scalar (the column) or a mapping (code, name).
func (i *Indicator) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		i.Column = n.Value
		return nil
	}
	type plain Indicator
	return n.Decode((*plain)(i))
}

func init() { extract.Register(Kind, New) }

// Source is a built csv source.
type Source struct {
	name  string
	opt   Options
	enc   encoding.Encoding // nil: detect
	comma rune
	unit  string
	scale float64
	fetch *extract.Fetcher
}

// New validates src's options without network I/O.
func New(src config.Source, f *extract.Fetcher) (extract.Extractor, error) {
	opt, err := extract.DecodeOptions[Options](src)
	if err != nil {
		return nil, err
	}
	if _, err := extract.SourceURL("url", opt.URL); err != nil {
		return nil, src.Errorf("%v", err)
	}
	s := &Source{name: src.Name, fetch: f, comma: ',', scale: 1}
	switch strings.ToLower(opt.Encoding) {
	case "":
	case "utf-8", "utf8":
		s.enc = encoding.Nop
	case "gbk", "gb2312", "gb18030":
		s.enc = simplifiedchinese.GB18030
	default:
		return nil, src.Errorf("encoding %q: want utf-8, gbk or gb18030 (or nothing, to detect)", opt.Encoding)
	}
	if opt.Delimiter != "" {
		r, size := utf8.DecodeRuneInString(opt.Delimiter)
		if size != len(opt.Delimiter) || r == '"' || r == '\r' || r == '\n' || r == utf8.RuneError {
			return nil, src.Errorf("delimiter %q: want one character other than a quote or a line break", opt.Delimiter)
		}
		if opt.Delimiter == `\t` {
			r = '\t'
		}
		s.comma = r
	}
	if opt.SkipRows < 0 {
		return nil, src.Errorf("skip_rows must not be negative")
	}
	c := opt.Columns
	if c.Indicator.Column == "" && c.Indicator.Name == "" && c.Indicator.Code == "" {
		return nil, src.Errorf("columns.indicator: give the indicator's column, or {code, name} when the file holds one indicator")
	}
	if opt.Unit != "" && c.Unit != "" {
		return nil, src.Errorf("give unit (one unit for every value) or columns.unit (a unit column), not both")
	}
	if opt.Unit != "" {
		u, sc, ok := stats.FindUnit(opt.Unit)
		if !ok {
			u, sc = opt.Unit, 1
		}
		s.unit, s.scale = u, sc
	}
	seen := map[string]bool{}
	for _, col := range s.mapped(opt) {
		if seen[col] {
			return nil, src.Errorf("column %q is mapped twice", col)
		}
		seen[col] = true
	}
	s.opt = opt
	return s, nil
}

// mapped lists the header names the mapping uses.
func (s *Source) mapped(opt Options) []string {
	c := opt.Columns
	cols := []string{c.Period, c.Value}
	if c.Indicator.Column != "" {
		cols = append(cols, c.Indicator.Column)
	}
	if c.Unit != "" {
		cols = append(cols, c.Unit)
	}
	return append(cols, c.Dims...)
}

// HeaderError is a header that does not match the config: the file's
// columns changed.
type HeaderError struct {
	Source, URL     string
	Missing, Added  []string // against expect_columns, or the mapped columns not found
	Found           []string
	ExpectedColumns bool // the check was against expect_columns
}

func (e *HeaderError) Error() string {
	if !e.ExpectedColumns {
		q := make([]string, len(e.Missing))
		for i, m := range e.Missing {
			q[i] = fmt.Sprintf("%q", m)
		}
		what := "column " + strings.Join(q, ", ")
		if len(q) > 1 {
			what = "columns " + strings.Join(q, ", ")
		}
		return fmt.Sprintf("source %s: %s: %s not found in header [%s] (the file's columns changed?)",
			e.Source, e.URL, what, strings.Join(e.Found, " "))
	}
	return fmt.Sprintf("source %s: %s: header [%s] differs from expect_columns: missing %q, added %q (the file's columns changed?)",
		e.Source, e.URL, strings.Join(e.Found, " "), e.Missing, e.Added)
}

// Extract fetches the file and hands the observations whose period
// overlaps w to sink. A row that cannot be read (no period) is a page
// error naming its line; a header that does not match fails the source.
func (s *Source) Extract(ctx context.Context, w extract.Window, sink extract.Sink) error {
	p, err := s.fetch.Fetch(ctx, extract.Request{URL: s.opt.URL, Raw: true})
	if err != nil {
		return fmt.Errorf("source %s: fetching %s: %w", s.name, s.opt.URL, err)
	}
	sink.PageFetched(p.URL)
	text, err := s.decode(p)
	if err != nil {
		return fmt.Errorf("source %s: %s: %w", s.name, p.URL, err)
	}
	obs, err := s.Read(text, p)
	if err != nil {
		var he *HeaderError
		if errors.As(err, &he) {
			return err
		}
		return fmt.Errorf("source %s: %s: %w", s.name, p.URL, err)
	}
	obs = w.Observations(obs)
	if len(obs) == 0 {
		return nil
	}
	return sink.Observations(ctx, obs)
}

// decode returns the file as UTF-8. See the package comment.
func (s *Source) decode(p *extract.Page) ([]byte, error) {
	raw := p.Body // fetched with Request.Raw: the bytes as served
	enc := s.enc
	if enc == nil {
		enc = Detect(raw)
		// A charset the server declares wins, unless it is UTF-8: servers
		// label files UTF-8 by default, whatever their bytes are.
		if _, params, err := mime.ParseMediaType(p.ContentType); err == nil {
			if cs := strings.ToLower(params["charset"]); cs != "" && cs != "utf-8" && cs != "utf8" {
				if declared, err := htmlindex.Get(cs); err == nil {
					enc = declared
				}
			}
		}
	}
	out, err := enc.NewDecoder().Bytes(raw)
	if err != nil {
		return nil, fmt.Errorf("decoding: %w", err)
	}
	return bytes.TrimPrefix(out, []byte("\uFEFF")), nil
}

// Detect guesses a CSV file's encoding from its bytes: a UTF-8 BOM or
// valid UTF-8 is UTF-8, a UTF-16 BOM is UTF-16, anything else GB18030.
func Detect(raw []byte) encoding.Encoding {
	switch {
	case bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}), utf8.Valid(raw):
		return encoding.Nop
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}), bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		return unicodeBOM
	}
	return simplifiedchinese.GB18030
}

// Read parses the decoded file into observations. p gives the URL and the
// fetch time.
func (s *Source) Read(text []byte, p *extract.Page) ([]stats.Observation, error) {
	r := stdcsv.NewReader(bytes.NewReader(text))
	r.Comma = s.comma
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	for i := 0; i < s.opt.SkipRows; i++ {
		if _, err := r.Read(); err != nil {
			return nil, fmt.Errorf("skipping line %d of skip_rows %d: %w", i+1, s.opt.SkipRows, err)
		}
	}
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("reading the header: %w", err)
	}
	for i := range header {
		header[i] = stats.Normalize(strings.TrimPrefix(header[i], "\uFEFF"))
	}
	index := map[string]int{}
	for i, h := range header {
		if _, dup := index[h]; !dup {
			index[h] = i
		}
	}
	if len(s.opt.ExpectColumns) > 0 {
		var missing, added []string
		for _, c := range s.opt.ExpectColumns {
			if _, ok := index[c]; !ok {
				missing = append(missing, c)
			}
		}
		for _, h := range header {
			if !slices.Contains(s.opt.ExpectColumns, h) {
				added = append(added, h)
			}
		}
		if len(missing)+len(added) > 0 {
			return nil, &HeaderError{Source: s.name, URL: p.URL, Missing: missing, Added: added, Found: header, ExpectedColumns: true}
		}
	}
	var missing []string
	for _, c := range s.mapped(s.opt) {
		if _, ok := index[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, &HeaderError{Source: s.name, URL: p.URL, Missing: missing, Found: header}
	}
	col := s.opt.Columns
	field := func(rec []string, name string) string {
		if i := index[name]; i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var out []stats.Observation
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading: %w", err)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		line, _ := r.FieldPos(0)
		periodText := field(rec, col.Period)
		per, err := stats.ParsePeriod(periodText)
		if err != nil {
			return nil, fmt.Errorf("line %d: column %q: %v", line, col.Period, err)
		}
		code, name := col.Indicator.Code, col.Indicator.Name
		if col.Indicator.Column != "" {
			name = stats.StripFootnotes(field(rec, col.Indicator.Column))
			code = name
		}
		if code == "" {
			code = name
		}
		if name == "" {
			name = code
		}
		unit, scale := s.unit, s.scale
		if col.Unit != "" {
			ut := field(rec, col.Unit)
			var ok bool
			if unit, scale, ok = stats.FindUnit(ut); !ok {
				unit, scale = ut, 1
			}
		}
		var dims []stats.Dim
		for _, d := range col.Dims {
			dims = append(dims, stats.Dim{Name: d, Value: field(rec, d)})
		}
		cell := field(rec, col.Value)
		out = append(out, stats.Observation{
			Source: s.name, Dataset: s.opt.Dataset, IndicatorCode: code, IndicatorName: name, Dims: dims,
			PeriodStart: per.Start, PeriodEnd: per.End, Granularity: per.Granularity, PeriodText: per.Text,
			Value: stats.ParseScaled(cell, scale), Unit: unit, Scale: scale, Raw: cell, URL: p.URL, FetchedAt: p.FetchedAt,
		})
	}
	return out, nil
}
