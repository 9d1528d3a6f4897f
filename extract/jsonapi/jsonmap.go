package jsonapi

import (
	"fmt"
	"math"
	"sort"
	"strconv"
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
}

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
	list, ok := recs.([]any)
	if !ok {
		return nil, &JSONFieldError{Record: -1, Field: m.Records.String(), Msg: fmt.Sprintf("is %s, not a list of records", jsonKind(recs))}
	}
	out := make([]stats.Observation, 0, len(list))
	for i, rec := range list {
		o, err := m.observation(doc, rec, i, meta)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

func (m *JSONMapping) observation(doc, rec any, i int, meta JSONMeta) (stats.Observation, error) {
	o := stats.Observation{Source: meta.Source, Dataset: meta.Dataset, URL: meta.URL, FetchedAt: meta.FetchedAt, Scale: 1}
	text := func(p *JSONPath) (string, bool, error) {
		if p == nil {
			return "", false, nil
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
	p, err := stats.ParsePeriod(period)
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
	o.Unit, o.Scale = stats.JSONUnit(unit)

	v, ok := m.Value.Lookup(doc, rec)
	if !ok {
		return o, &JSONFieldError{Record: i, Field: m.Value.String(), Msg: "not found"}
	}
	num, null, err := jsonNumberText(v)
	if err != nil {
		return o, &JSONFieldError{Record: i, Field: m.Value.String(), Msg: err.Error()}
	}
	o.Raw = num
	if s, isString := v.(string); isString {
		o.Raw = s
	}
	if m.MissingWhen != nil {
		if mv, ok := m.MissingWhen.Lookup(doc, rec); ok {
			if s, ok := JSONScalar(mv); ok && s == m.MissingEquals {
				null = true
			}
		}
	}
	if !null {
		f, err := scaleDecimal(num, o.Scale)
		if err != nil {
			return o, &JSONFieldError{Record: i, Field: m.Value.String(), Msg: err.Error()}
		}
		o.Value = stats.Float(f)
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
var jsonMissing = map[string]bool{"": true, "..": true, "...": true, "-": true, "--": true, "—": true, "…": true, "NA": true, "N/A": true, "n/a": true, "null": true}

// jsonNumberText returns the number's text as written (commas removed).
func jsonNumberText(v any) (text string, null bool, err error) {
	switch x := v.(type) {
	case nil:
		return "", true, nil
	case string:
		s := strings.TrimSpace(x)
		if jsonMissing[s] {
			return "", true, nil
		}
		s = strings.ReplaceAll(s, ",", "")
		if f, err := strconv.ParseFloat(s, 64); err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return "", false, fmt.Errorf("holds %q, not a number", x)
		}
		return s, false, nil
	case bool, map[string]any, []any:
		return "", false, fmt.Errorf("is %s, not a number", jsonKind(v))
	}
	s, _ := JSONScalar(v)
	return s, false, nil
}

// scaleDecimal parses a decimal and multiplies it by scale. A power-of-ten
// scale shifts the exponent, so 22987.5 亿 is exactly 2298750000000.
func scaleDecimal(text string, scale float64) (float64, error) {
	if scale != 1 && !strings.ContainsAny(text, "eE") {
		if k := math.Log10(scale); k == math.Trunc(k) && math.Abs(k) < 30 {
			return strconv.ParseFloat(text+"e"+strconv.Itoa(int(k)), 64)
		}
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		return 0, fmt.Errorf("holds %q, not a number", text)
	}
	return f * scale, nil
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
