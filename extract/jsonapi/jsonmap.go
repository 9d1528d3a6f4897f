package jsonapi

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/newsetl/newsetl/transform/stats"
)

// JSONMapping says where the parts of an observation are in a JSON reply:
// a list of records, and in each record paths (see JSONPath) to its fields.
// Paths are relative to the record unless they start with "$".
type JSONMapping struct {
	Records       *JSONPath // the list of records; required
	IndicatorCode *JSONPath // required
	IndicatorName *JSONPath // nil: the code
	Period        *JSONPath // required: a period stats.ParsePeriod reads
	PeriodText    *JSONPath // the period as written; nil: the period code
	Value         *JSONPath // required: a number, a numeric string, or null / "" / ".." / "-" for missing
	Unit          *JSONPath // the unit as written ("亿元", "%"); nil or "": from a "(% of GDP)" in the name
	Raw           *JSONPath // the value as written; nil: the value field's text
	Dims          []JSONDim
	// MissingWhen marks a record's value missing (NULL) when the value at
	// this path equals MissingEquals (compared as text: false, "0", ...).
	MissingWhen   *JSONPath
	MissingEquals string
	// CumulativeWhenNameContains turns a monthly period into a cumulative
	// one (January to that month) for indicators whose name contains it
	// (NBS: "累计"). Empty: never.
	CumulativeWhenNameContains string
	// Units maps unit texts to {unit, scale} before the built-in vocabulary.
	Units stats.Units
	// Number is how values written as strings write numbers; undeclared,
	// a string such as "1,234" (1234 or 1.234) is an error.
	Number stats.NumberFormat
	// Missing are value texts meaning missing; nil: the default marks.
	Missing stats.Missing
}

// KeyPath is the field path that reads a record's key when the records
// are an object of records (key → record): `indicator_code: "@key"`.
const KeyPath = "@key"

// JSONDim is one dimension read from each record.
type JSONDim struct {
	Name string
	Path *JSONPath
}

// JSONMeta is what the mapping cannot find in the reply.
type JSONMeta struct {
	Source, Dataset, URL string
	FetchedAt            time.Time
}

// JSONFieldError is a mapped field a record lacks or holds in a form that
// cannot be read.
type JSONFieldError struct {
	Record int    // index in the records list, from 0
	Field  string // the path as configured
	Msg    string // "not found", or what is wrong with the value
}

func (e *JSONFieldError) Error() string {
	if e.Record < 0 {
		return fmt.Sprintf("field %q %s", e.Field, e.Msg)
	}
	return fmt.Sprintf("record %d: field %q %s", e.Record, e.Field, e.Msg)
}

// Observations maps a decoded reply (DecodeJSON) to observations, in the
// order of its records. The first record that cannot be mapped makes it
// return an error naming the record and the path, and no observations. A
// null records list has no records.
func (m *JSONMapping) Observations(doc any, meta JSONMeta) ([]stats.Observation, error) {
	recs, ok := m.Records.Lookup(doc, doc)
	if !ok {
		return nil, &JSONFieldError{Record: -1, Field: m.Records.String(), Msg: "not found (the list of records)"}
	}
	if recs == nil {
		return nil, nil
	}
	var list []any
	var keys []string
	switch x := recs.(type) {
	case []any:
		list = x
	case map[string]any: // an object of records, key → record, in key order
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			list = append(list, x[k])
		}
	default:
		return nil, &JSONFieldError{Record: -1, Field: m.Records.String(), Msg: fmt.Sprintf("is %s, not a list or an object of records", jsonKind(recs))}
	}
	out := make([]stats.Observation, 0, len(list))
	for i, rec := range list {
		key := ""
		if keys != nil {
			key = keys[i]
		}
		o, err := m.observation(doc, rec, i, key, meta)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

func (m *JSONMapping) observation(doc, rec any, i int, key string, meta JSONMeta) (stats.Observation, error) {
	o := stats.Observation{Source: meta.Source, Dataset: meta.Dataset, URL: meta.URL, FetchedAt: meta.FetchedAt, Scale: 1}
	text := func(p *JSONPath) (string, bool, error) {
		if p == nil {
			return "", false, nil
		}
		if p.String() == KeyPath {
			return key, key != "", nil
		}
		v, ok := p.Lookup(doc, rec)
		if !ok {
			if p.Optional() {
				return "", false, nil
			}
			return "", false, &JSONFieldError{Record: i, Field: p.String(), Msg: "not found"}
		}
		if v == nil {
			return "", true, nil
		}
		s, ok := JSONScalar(v)
		if !ok {
			return "", false, &JSONFieldError{Record: i, Field: p.String(), Msg: fmt.Sprintf("is %s, not text or a number", jsonKind(v))}
		}
		return s, true, nil
	}
	var err error
	if o.IndicatorCode, _, err = text(m.IndicatorCode); err != nil {
		return o, err
	}
	if o.IndicatorCode == "" {
		return o, &JSONFieldError{Record: i, Field: m.IndicatorCode.String(), Msg: "is empty (the indicator code)"}
	}
	if o.IndicatorName, _, err = text(m.IndicatorName); err != nil {
		return o, err
	}
	if o.IndicatorName == "" {
		o.IndicatorName = o.IndicatorCode
	}
	period, _, err := text(m.Period)
	if err != nil {
		return o, err
	}
	p, err := stats.ParsePeriodWith(period, stats.PeriodOptions{YearMonth: true})
	if err != nil {
		return o, &JSONFieldError{Record: i, Field: m.Period.String(), Msg: err.Error()}
	}
	o.PeriodStart, o.PeriodEnd, o.Granularity = p.Start, p.End, p.Granularity
	if m.CumulativeWhenNameContains != "" && o.Granularity == stats.Month && strings.Contains(o.IndicatorName, m.CumulativeWhenNameContains) {
		o.PeriodStart = time.Date(o.PeriodStart.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		o.Granularity = stats.Cumulative
	}
	o.PeriodText = period
	if m.PeriodText != nil {
		pt, found, err := text(m.PeriodText)
		if err != nil {
			return o, err
		}
		if found && pt != "" {
			o.PeriodText = pt
		}
	}
	unit, _, err := text(m.Unit)
	if err != nil {
		return o, err
	}
	if unit == "" {
		unit = stats.JSONUnitFromName(o.IndicatorName)
	}
	if u, sc, ok := stats.ResolveUnit(unit, m.Units); ok && len(m.Units) > 0 {
		o.Unit, o.Scale = u, sc
	} else {
		o.Unit, o.Scale = stats.JSONUnit(unit)
	}

	v, ok := m.Value.Lookup(doc, rec)
	if !ok {
		return o, &JSONFieldError{Record: i, Field: m.Value.String(), Msg: "not found"}
	}
	// missing_when is read first: a flag marks the value missing whatever
	// the value field holds (":" with the flag "na").
	missing := false
	if m.MissingWhen != nil {
		if mv, ok := m.MissingWhen.Lookup(doc, rec); ok {
			if s, ok := JSONScalar(mv); ok && s == m.MissingEquals {
				missing = true
			}
		}
	}
	o.Raw, _ = JSONScalar(v)
	if !missing {
		val, err := m.number(v, o.Scale)
		if err != nil {
			return o, &JSONFieldError{Record: i, Field: m.Value.String(), Msg: err.Error()}
		}
		o.Value = val
	}
	if m.Raw != nil {
		if o.Raw, _, err = text(m.Raw); err != nil {
			return o, err
		}
	}
	for _, d := range m.Dims {
		s, found, err := text(d.Path)
		if err != nil {
			return o, err
		}
		if found {
			o.Dims = append(o.Dims, stats.Dim{Name: d.Name, Value: s})
		}
	}
	sort.Slice(o.Dims, func(a, b int) bool { return o.Dims[a].Name < o.Dims[b].Name })
	return o, nil
}

// jsonMissing are the strings statistics APIs write for a missing value.
var jsonMissing = stats.NewMissing([]string{"", "..", "...", "-", "--", "—", "…", ":", "NA", "N/A", "n/a", "null", "NaN"})

// number reads a value: null or a missing mark is missing; a JSON number
// is read as written ("." decimals, no grouping); a string is read under
// the mapping's number format, where "1,234" without one is an error (1234
// or 1.234). A number too large for a float64 or with more digits than it
// keeps is an error, never a rounded value.
func (m *JSONMapping) number(v any, scale float64) (*float64, error) {
	miss := m.Missing
	if miss == nil {
		miss = jsonMissing
	}
	switch x := v.(type) {
	case nil:
		return nil, nil
	case string:
		val, err := stats.ParseNumber(x, m.Number, miss, scale)
		if err != nil {
			if msg := errMsg(err); msg != "is not a number" {
				return nil, fmt.Errorf("holds %q, which %s", x, msg)
			}
			return nil, fmt.Errorf("holds %q, not a number", x)
		}
		return val, nil
	case bool, map[string]any, []any:
		return nil, fmt.Errorf("is %s, not a number", jsonKind(v))
	}
	s, _ := JSONScalar(v)
	val, err := stats.ParseNumber(s, stats.NumberFormat{Decimal: '.', NoThousands: true}, Missing0, scale)
	if err != nil {
		return nil, fmt.Errorf("holds %s, which %s", s, errMsg(err))
	}
	return val, nil
}

// Missing0 is a set of missing marks with the empty text only: a JSON
// number is never a missing mark.
var Missing0 = stats.Missing{"": true}

func errMsg(err error) string {
	var ne *stats.NumberError
	if errors.As(err, &ne) {
		return ne.Msg
	}
	return err.Error()
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	case bool:
		return "a boolean"
	case string:
		return "a string"
	}
	return "a number"
}
