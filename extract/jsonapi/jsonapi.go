// Package jsonapi is the "json" source kind: statistics read from a JSON
// indicator API (World Bank v2 style, the statistics bureau's query API, or
// any list of records), mapped to observations by paths given in the
// config (JSONPath), with presets for the known shapes.
package jsonapi

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/transform/stats"
)

// Kind is the name sources use in the config file.
const Kind = "json"

// Options are the kind-specific keys of a json source.
type Options struct {
	URL            string     `yaml:"url" required:"true"` // may hold {page}
	Dataset        string     `yaml:"dataset" required:"true"`
	Format         string     `yaml:"format"`       // worldbank, nbs or records (default): the preset mapping
	RecordsPath    string     `yaml:"records_path"` // where the list of records is; overrides the preset
	Fields         Fields     `yaml:"fields"`
	Pagination     Pagination `yaml:"pagination"`
	MaxPages       int        `yaml:"max_pages"`       // pages followed at most; default 100
	AllowedDomains []string   `yaml:"allowed_domains"` // hosts redirects may lead to; default: url's host
	// Units maps unit texts ("EUR million", "万元") to {unit, scale}.
	Units stats.Units `yaml:"units"`
	// Decimal is the decimal mark of values written as strings ("." or
	// ","); without it "1,234" in a string is an error.
	Decimal   string   `yaml:"decimal"`
	Thousands string   `yaml:"thousands"`
	Missing   []string `yaml:"missing"` // value texts meaning missing; default "", "..", "-", ":", "NA", ...
}

// Fields are paths (JSONPath) to an observation's parts in each
// record. A field set here overrides the preset's.
type Fields struct {
	IndicatorCode string            `yaml:"indicator_code"`
	IndicatorName string            `yaml:"indicator_name"`
	Period        string            `yaml:"period"`
	PeriodText    string            `yaml:"period_text"`
	Value         string            `yaml:"value"`
	Unit          string            `yaml:"unit"`
	Raw           string            `yaml:"raw"`
	Dims          map[string]string `yaml:"dims"` // merged into the preset's; a path "" drops a preset dimension
	MissingWhen   *MissingWhen      `yaml:"missing_when"`
	// CumulativeWhenNameContains makes monthly figures of indicators whose
	// name contains it cumulative from January (nbs preset: "累计").
	CumulativeWhenNameContains string `yaml:"cumulative_when_name_contains"`
}

// MissingWhen marks a value missing when the field at Path equals Equals.
type MissingWhen struct {
	Path   string `yaml:"path"`
	Equals any    `yaml:"equals"`
}

// Pagination says how to walk the pages of a reply. A url with {page} is
// expanded with the page number; otherwise Param, if set, is set in the
// query string. Without either, one page is fetched.
type Pagination struct {
	Param     string `yaml:"param"`      // query parameter holding the page number
	PagesPath string `yaml:"pages_path"` // path in the first reply to the number of pages; empty: stop at a page without records
	FirstPage int    `yaml:"first_page"` // default 1
}

const defaultMaxPages = 100

var formats = map[string]Options{
	"records": {},
	"worldbank": {
		RecordsPath: "1",
		Fields: Fields{
			IndicatorCode: "indicator.id",
			IndicatorName: "indicator.value",
			Period:        "date",
			Value:         "value",
			Unit:          "unit",
			Dims:          map[string]string{"country": "country.value", "country_code": "countryiso3code"},
		},
		Pagination: Pagination{Param: "page", PagesPath: "0.pages"},
	},
	"nbs": {
		RecordsPath: "returndata.datanodes",
		Fields: Fields{
			IndicatorCode: "wds[wdcode=zb].valuecode",
			IndicatorName: "$.returndata.wdnodes[wdcode=zb].nodes[code={wds[wdcode=zb].valuecode}].cname",
			Unit:          "$.returndata.wdnodes[wdcode=zb].nodes[code={wds[wdcode=zb].valuecode}].unit",
			Period:        "wds[wdcode=sj].valuecode",
			PeriodText:    "$.returndata.wdnodes[wdcode=sj].nodes[code={wds[wdcode=sj].valuecode}].cname",
			Value:         "data.data",
			Raw:           "data.strdata",
			Dims: map[string]string{
				"region":      "$.returndata.wdnodes[wdcode=reg].nodes[code={wds[wdcode=reg].valuecode}].cname?",
				"region_code": "wds[wdcode=reg].valuecode?",
			},
			MissingWhen:                &MissingWhen{Path: "data.hasdata", Equals: false},
			CumulativeWhenNameContains: "累计",
		},
	},
}

func init() { extract.Register(Kind, New) }

// Source is a built json source.
type Source struct {
	name      string
	opt       Options
	mapping   *JSONMapping
	pages     *JSONPath // nil: stop at a page without records
	templated bool      // url has {page}
	fetch     *extract.Fetcher
}

// New validates src's options and compiles the mapping without network I/O.
func New(src config.Source, f *extract.Fetcher) (extract.Extractor, error) {
	opt, err := extract.DecodeOptions[Options](src)
	if err != nil {
		return nil, err
	}
	if opt.Format == "" {
		opt.Format = "records"
	}
	preset, ok := formats[opt.Format]
	if !ok {
		return nil, src.Errorf("format %q is not one of worldbank, nbs, records", opt.Format)
	}
	s := &Source{name: src.Name, fetch: f, templated: strings.Contains(opt.URL, "{page}")}
	if s.templated && opt.Pagination.Param != "" {
		return nil, src.Errorf("url has {page} and pagination.param is %q: use one of them", opt.Pagination.Param)
	}
	opt = merge(preset, opt, s.templated)
	u, err := extract.SourceURL("url", strings.ReplaceAll(opt.URL, "{page}", "1"))
	if err != nil {
		return nil, src.Errorf("%v", err)
	}
	if opt.MaxPages <= 0 {
		opt.MaxPages = defaultMaxPages
	}
	if opt.Pagination.FirstPage <= 0 {
		opt.Pagination.FirstPage = 1
	}
	if len(opt.AllowedDomains) == 0 {
		opt.AllowedDomains = []string{u.Hostname()}
	}
	if s.mapping, err = compile(opt); err != nil {
		return nil, src.Errorf("%v", err)
	}
	if err := opt.Units.Validate(); err != nil {
		return nil, src.Errorf("%v", err)
	}
	opt.Units = extract.Units(src, opt.Units)
	s.mapping.Units = opt.Units
	if s.mapping.Number, err = stats.ParseNumberFormat(opt.Decimal, opt.Thousands); err != nil {
		return nil, src.Errorf("%v", err)
	}
	if len(opt.Missing) > 0 {
		s.mapping.Missing = stats.NewMissing(opt.Missing)
	}
	if opt.Pagination.PagesPath != "" {
		if s.pages, err = CompileJSONPath(opt.Pagination.PagesPath); err != nil {
			return nil, src.Errorf("pagination.pages_path %q: %v", opt.Pagination.PagesPath, err)
		}
	}
	s.opt = opt
	return s, nil
}

// merge lays the config's options over the preset's.
func merge(p, o Options, templated bool) Options {
	or := func(a, b string) string {
		if a != "" {
			return a
		}
		return b
	}
	o.RecordsPath = or(o.RecordsPath, p.RecordsPath)
	f, pf := &o.Fields, p.Fields
	f.IndicatorCode = or(f.IndicatorCode, pf.IndicatorCode)
	f.IndicatorName = or(f.IndicatorName, pf.IndicatorName)
	f.Period = or(f.Period, pf.Period)
	f.PeriodText = or(f.PeriodText, pf.PeriodText)
	f.Value = or(f.Value, pf.Value)
	f.Unit = or(f.Unit, pf.Unit)
	f.Raw = or(f.Raw, pf.Raw)
	f.CumulativeWhenNameContains = or(f.CumulativeWhenNameContains, pf.CumulativeWhenNameContains)
	if f.MissingWhen == nil {
		f.MissingWhen = pf.MissingWhen
	}
	dims := map[string]string{}
	for k, v := range pf.Dims {
		dims[k] = v
	}
	for k, v := range f.Dims {
		if v == "" {
			delete(dims, k)
		} else {
			dims[k] = v
		}
	}
	f.Dims = dims
	if !templated {
		o.Pagination.Param = or(o.Pagination.Param, p.Pagination.Param)
	}
	o.Pagination.PagesPath = or(o.Pagination.PagesPath, p.Pagination.PagesPath)
	return o
}

// compile turns the merged options into a mapping.
func compile(opt Options) (*JSONMapping, error) {
	m := &JSONMapping{CumulativeWhenNameContains: opt.Fields.CumulativeWhenNameContains}
	f := opt.Fields
	paths := []struct {
		key, text string
		dst       **JSONPath
		required  bool
	}{
		{"records_path", opt.RecordsPath, &m.Records, false},
		{"fields.indicator_code", f.IndicatorCode, &m.IndicatorCode, true},
		{"fields.indicator_name", f.IndicatorName, &m.IndicatorName, false},
		{"fields.period", f.Period, &m.Period, true},
		{"fields.period_text", f.PeriodText, &m.PeriodText, false},
		{"fields.value", f.Value, &m.Value, true},
		{"fields.unit", f.Unit, &m.Unit, false},
		{"fields.raw", f.Raw, &m.Raw, false},
	}
	for _, p := range paths {
		if p.text == KeyPath && p.key != "records_path" {
			*p.dst = keyPath()
			continue
		}
		if p.text == "" && p.key != "records_path" {
			if p.required {
				return nil, fmt.Errorf("%s is required (or a format that presets it: worldbank, nbs)", p.key)
			}
			continue
		}
		c, err := CompileJSONPath(p.text)
		if err != nil {
			return nil, fmt.Errorf("%s %q: %v", p.key, p.text, err)
		}
		*p.dst = c
	}
	names := make([]string, 0, len(f.Dims))
	for name := range f.Dims {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if f.Dims[name] == KeyPath {
			m.Dims = append(m.Dims, JSONDim{Name: name, Path: keyPath()})
			continue
		}
		c, err := CompileJSONPath(f.Dims[name])
		if err != nil {
			return nil, fmt.Errorf("fields.dims.%s %q: %v", name, f.Dims[name], err)
		}
		m.Dims = append(m.Dims, JSONDim{Name: name, Path: c})
	}
	if mw := f.MissingWhen; mw != nil {
		if mw.Path == "" {
			return nil, fmt.Errorf("fields.missing_when.path is required")
		}
		c, err := CompileJSONPath(mw.Path)
		if err != nil {
			return nil, fmt.Errorf("fields.missing_when.path %q: %v", mw.Path, err)
		}
		m.MissingWhen, m.MissingEquals = c, fmt.Sprint(mw.Equals)
		if mw.Equals == nil {
			m.MissingEquals = ""
		}
	}
	return m, nil
}

// keyPath is the placeholder path that reads a record's key (KeyPath).
func keyPath() *JSONPath { return &JSONPath{text: KeyPath} }

// pageURL is the URL of page n.
func (s *Source) pageURL(n int) string {
	if s.templated {
		return strings.ReplaceAll(s.opt.URL, "{page}", strconv.Itoa(n))
	}
	if s.opt.Pagination.Param == "" {
		return s.opt.URL
	}
	u, err := url.Parse(s.opt.URL)
	if err != nil { // checked in New
		return s.opt.URL
	}
	q := u.Query()
	q.Set(s.opt.Pagination.Param, strconv.Itoa(n))
	u.RawQuery = q.Encode()
	return u.String()
}

func (s *Source) paginated() bool { return s.templated || s.opt.Pagination.Param != "" }
