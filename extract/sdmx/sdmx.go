// Package sdmx is the "sdmx" source kind: statistics from any SDMX REST
// endpoint (Eurostat, ECB, OECD, IMF, BIS, ILO, national offices) in
// SDMX-JSON (draft, 1.0, 2.x), SDMX-CSV (1.0, 2.0) or SDMX-ML (2.1 and 3.0
// generic and structure-specific, 2.0 compact), told apart by content.
//
// Every observation keeps its dimensions (codes) as the observation's
// dimensions; TIME_PERIOD goes through the shared period parser;
// UNIT_MEASURE (or UNIT) gives the unit and UNIT_MULT the scale, applied
// to the value (IMF's SCALE is a display hint and is not applied); an
// empty or NaN OBS_VALUE, or an OBS_STATUS listed in missing_status, is a
// missing value, never 0. Labels come from the message (SDMX-JSON
// structures, SDMX-CSV label cells) or from a structure message
// (structure_url). A footer saying the result will be written to a file
// later, an error message, or deletions are reported, never "0 rows".
package sdmx

import (
	"bytes"
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/transform/stats"
)

// Kind is the name sources use in the config file.
const Kind = "sdmx"

// Options are the kind-specific keys of an sdmx source.
type Options struct {
	URL     string `yaml:"url" required:"true"`
	Dataset string `yaml:"dataset" required:"true"`
	// StructureURL is a structure message (SDMX-ML 2.1) for the flow: its
	// name, its dimensions and code labels. Optional.
	StructureURL string `yaml:"structure_url"`
	Format       string `yaml:"format"` // "" (by content), json, csv or xml
	// Indicator lists the dimensions whose codes make the indicator code
	// (joined by "."); default: the dataflow's id.
	Indicator     []string `yaml:"indicator"`
	TimeDimension string   `yaml:"time_dimension"` // default TIME_PERIOD
	Dimensions    []string `yaml:"dimensions"`     // the key's dimensions, when neither message nor structure tells
	Attributes    []string `yaml:"attributes"`     // components that are attributes, not dimensions
	Measures      []string `yaml:"measures"`       // SDMX-CSV value columns; default OBS_VALUE
	Lang          string   `yaml:"lang"`           // label language; default en
	Decimal       string   `yaml:"decimal"`        // SDMX-CSV values written with "," decimals
	Missing       []string `yaml:"missing"`        // value texts that mean missing, besides "" and NaN
	MissingStatus []string `yaml:"missing_status"` // OBS_STATUS codes that mean missing; default M, L (SDMX CL_OBS_STATUS)
	// UnitDimension is a dimension whose codes are the unit (OECD's MSR),
	// read through units; default: the UNIT_MEASURE or UNIT component.
	UnitDimension string `yaml:"unit_dimension"`
	// Period is the period of every observation of a flow that has no
	// time dimension (a survey edition).
	Period string      `yaml:"period"`
	Units  stats.Units `yaml:"units"`
	// FiscalYearStart and PeriodAs as for csv sources.
	FiscalYearStart int    `yaml:"fiscal_year_start"`
	PeriodAs        string `yaml:"period_as"`
	// Accept is the Accept header sent; default asks for SDMX-JSON, then
	// SDMX-ML, then SDMX-CSV.
	Accept string `yaml:"accept"`
}

// defaultMissingStatus are OBS_STATUS codes of SDMX's CL_OBS_STATUS (and
// Eurostat's flags) meaning the value is missing.
var defaultMissingStatus = []string{"M", "L"}

const defaultAccept = "application/vnd.sdmx.data+json;version=2.0.0, application/vnd.sdmx.data+json;version=1.0.0;q=0.9, " +
	"application/vnd.sdmx.genericdata+xml;version=2.1;q=0.8, application/vnd.sdmx.structurespecificdata+xml;version=2.1;q=0.8, " +
	"application/vnd.sdmx.data+csv;q=0.7, application/json;q=0.5, application/xml;q=0.5, text/csv;q=0.4"

func init() { extract.Register(Kind, New) }

// Source is a built sdmx source.
type Source struct {
	name    string
	opt     Options
	mapping Mapping
	number  stats.NumberFormat
	fetch   *extract.Fetcher
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
	if opt.StructureURL != "" {
		if _, err := extract.SourceURL("structure_url", opt.StructureURL); err != nil {
			return nil, src.Errorf("%v", err)
		}
	}
	switch opt.Format {
	case "", "json", "csv", "xml":
	default:
		return nil, src.Errorf("format %q: want json, csv or xml (or nothing, to tell by content)", opt.Format)
	}
	if opt.Lang == "" {
		opt.Lang = "en"
	}
	s := &Source{name: src.Name, fetch: f}
	if s.number, err = stats.ParseNumberFormat(opt.Decimal, ""); err != nil {
		return nil, src.Errorf("%v", err)
	}
	if s.number.Declared() {
		s.number.NoThousands = true
	}
	if err := opt.Units.Validate(); err != nil {
		return nil, src.Errorf("%v", err)
	}
	opt.Units = extract.Units(src, opt.Units)
	if opt.FiscalYearStart < 0 || opt.FiscalYearStart > 12 {
		return nil, src.Errorf("fiscal_year_start %d: want a month, 1-12", opt.FiscalYearStart)
	}
	switch opt.PeriodAs {
	case "", stats.Month, stats.Quarter, stats.Year:
	default:
		return nil, src.Errorf("period_as %q: want month, quarter or year", opt.PeriodAs)
	}
	status := opt.MissingStatus
	if len(status) == 0 {
		status = defaultMissingStatus
	}
	ms := map[string]bool{}
	for _, st := range status {
		ms[st] = true
	}
	var missing stats.Missing
	if len(opt.Missing) > 0 {
		missing = stats.NewMissing(opt.Missing)
	}
	s.mapping = Mapping{Source: src.Name, Dataset: opt.Dataset, IndicatorDims: opt.Indicator, TimeDim: opt.TimeDimension,
		Period: stats.PeriodOptions{FiscalYearStart: opt.FiscalYearStart, As: opt.PeriodAs, YearMonth: true}, Units: opt.Units,
		Missing: missing, MissingStatus: ms, UnitDim: opt.UnitDimension}
	if opt.Period != "" {
		p, err := stats.ParsePeriodWith(opt.Period, s.mapping.Period)
		if err != nil {
			return nil, src.Errorf("period: %v", err)
		}
		s.mapping.Fixed = &p
	}
	s.opt = opt
	return s, nil
}

// Extract fetches the structure (when configured) and the data message and
// hands the observations whose period overlaps w to sink. Cells that cannot
// be read and notices (deletions, attribute-only rows) go to
// sink.PageError; a message with no observations and a notice (a footer
// saying the file comes later, an error message) fails the source with the
// notice.
func (s *Source) Extract(ctx context.Context, w extract.Window, sink extract.Sink) error {
	mp := s.mapping
	if s.opt.StructureURL != "" {
		p, err := s.fetch.Fetch(ctx, extract.Request{URL: s.opt.StructureURL, Raw: true, Accept: "application/vnd.sdmx.structure+xml;version=2.1, application/xml;q=0.9"})
		if err != nil {
			return fmt.Errorf("source %s: fetching structure %s: %w", s.name, s.opt.StructureURL, err)
		}
		sink.PageFetched(p.URL)
		if mp.Structure, err = readStructure(p.Body, s.opt.Lang); err != nil {
			return fmt.Errorf("source %s: structure %s: %w", s.name, p.URL, err)
		}
	}
	accept := s.opt.Accept
	if accept == "" {
		accept = defaultAccept
	}
	p, err := s.fetch.Fetch(ctx, extract.Request{URL: s.opt.URL, Raw: true, Accept: accept})
	if err != nil {
		return fmt.Errorf("source %s: fetching %s: %w", s.name, s.opt.URL, err)
	}
	sink.PageFetched(p.URL)
	msg, err := s.Read(p.Body, mp.Structure)
	if err != nil {
		return fmt.Errorf("source %s: %s: %w", s.name, p.URL, err)
	}
	mp.URL, mp.FetchedAt = p.URL, p.FetchedAt
	obs, errs, notices := mp.Observations(msg)
	if len(obs) == 0 && len(msg.Records) == 0 && len(notices) > 0 {
		return fmt.Errorf("source %s: %s: no observations: %s", s.name, p.URL, notices[0])
	}
	if len(msg.Records) == 0 && len(errs) == 0 {
		// An empty data set: said, not counted as a successful load of nothing.
		sink.PageError(p.URL, fmt.Errorf("source %s: %s: the message holds no observations (a query that matches no series?)", s.name, p.URL))
		return nil
	}
	for _, e := range errs {
		sink.PageError(p.URL, fmt.Errorf("source %s: %s: %w", s.name, p.URL, e))
	}
	for _, n := range notices {
		sink.PageError(p.URL, fmt.Errorf("source %s: %s: %s", s.name, p.URL, n))
	}
	obs = w.Observations(obs)
	if len(obs) == 0 {
		return nil
	}
	return sink.Observations(ctx, obs)
}

// Read parses a data message in the configured format, or by its first
// byte: "{" JSON, "<" XML, anything else CSV.
func (s *Source) Read(body []byte, st *Structure) (*Message, error) {
	cfg := &readConfig{timeDim: s.opt.TimeDimension, dims: set(s.opt.Dimensions), attrs: set(s.opt.Attributes), structure: st, lang: s.opt.Lang}
	if cfg.timeDim == "" {
		cfg.timeDim = "TIME_PERIOD"
	}
	if !utf8.Valid(body) {
		return nil, fmt.Errorf("the reply is not UTF-8 (SDMX messages are UTF-8)")
	}
	format := s.opt.Format
	if format == "" {
		trimmed := bytes.TrimLeft(bytes.TrimPrefix(body, []byte{0xEF, 0xBB, 0xBF}), " \t\r\n")
		switch {
		case len(trimmed) == 0:
			return nil, fmt.Errorf("empty reply")
		case trimmed[0] == '{':
			format = "json"
		case trimmed[0] == '<':
			format = "xml"
		default:
			format = "csv"
		}
	}
	switch format {
	case "json":
		return readJSON(body, s.opt.Lang)
	case "xml":
		return readXML(body, cfg)
	default:
		return readCSV(body, csvConfig{readConfig: cfg, measures: s.opt.Measures, number: s.number, missingStatus: s.mapping.MissingStatus})
	}
}

func set(list []string) map[string]bool {
	m := map[string]bool{}
	for _, x := range list {
		m[x] = true
	}
	return m
}
