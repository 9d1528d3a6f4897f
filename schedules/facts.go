package schedules

import (
	"crypto/sha256"
	"encoding/binary"
	"time"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/record"
	"github.com/newsetl/newsetl/transform"
)

// Facts parses the figures of d into fact rows of the given article
// version with the current parser (transform.ParserVersion).
func Facts(d extract.Document, articleID uint64, contentHash string, version uint64) []record.Fact {
	return CurrentParser.Facts(d, articleID, contentHash, version)
}

// Parser is a figure parser, the metric table that names what its figures
// measure, and the version recorded in the rows it makes.
type Parser struct {
	Version string
	Parse   func(text string, opts transform.Options) []transform.Figure
	Metrics *transform.Metrics // nil: transform.DefaultMetrics
}

// NewParser is transform.Parse with the metric table m. Its version is
// transform.ParserVersion and the table's hash ("2026.12.2+m.0123abcd4567"):
// a change of the table (or of the metric and entity rules) makes every
// stored article stale for `newsetl reparse`, which recomputes the metrics
// and entities of its facts.
func NewParser(m *transform.Metrics) Parser {
	return Parser{Version: transform.ParserVersion + "+m." + m.Hash(), Parse: transform.Parse, Metrics: m}
}

// CurrentParser is transform.Parse at transform.ParserVersion with the
// metric table of the configuration (cmd/newsetl sets it at start-up;
// transform.DefaultMetrics until then).
var CurrentParser = NewParser(transform.DefaultMetrics)

// Facts parses the figures of d into fact rows of the given article version.
func (p Parser) Facts(d extract.Document, articleID uint64, contentHash string, version uint64) []record.Fact {
	figs := p.Parse(d.Text, transform.Options{Lang: d.Lang, Published: d.PublishedAt})
	metrics := p.Metrics
	if metrics == nil {
		metrics = transform.DefaultMetrics
	}
	ann := metrics.Annotate(d.Text, figs)
	now := time.Now().UTC()
	out := make([]record.Fact, 0, len(figs))
	for i, f := range figs {
		row := record.Fact{
			FactID:    factID(articleID, contentHash, f),
			ArticleID: articleID, Version: version, Source: d.Source, URL: d.URL, PublishedAt: d.PublishedAt, Lang: d.Lang,
			Figure: f.Text, Value: f.Value, Kind: string(f.Kind), Unit: f.Unit, Subject: f.Subject, SubjectHead: f.SubjectHead, Base: f.Base,
			Qualifier: f.Qualifier, Sentence: f.Sentence, Position: uint32(f.Start), ParsedAt: now,
			ValueLow: f.Low, ValueHigh: f.High, Direction: f.Direction, IsChange: f.Change,
			ParserVersion: p.Version, Metric: ann[i].Metric, Entity: ann[i].Entity,
		}
		if p := f.Period; p != nil {
			start, end := p.Start, p.End
			row.PeriodText, row.PeriodStart, row.PeriodEnd = p.Text, &start, &end
			row.PeriodGranularity, row.AsOf, row.PeriodFallback = string(p.Granularity), p.AsOf, p.Fallback
			row.PeriodTarget = p.Target
		}
		out = append(out, row)
	}
	return out
}

// factID is stable for the same figure at the same place in the same
// content, so re-parsing unchanged text yields the same keys.
func factID(articleID uint64, contentHash string, f transform.Figure) uint64 {
	h := sha256.New()
	var buf [16]byte
	binary.BigEndian.PutUint64(buf[:8], articleID)
	binary.BigEndian.PutUint64(buf[8:], uint64(f.Start))
	h.Write(buf[:])
	h.Write([]byte(contentHash))
	h.Write([]byte(f.Text))
	return binary.BigEndian.Uint64(h.Sum(nil)[:8])
}
