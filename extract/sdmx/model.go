package sdmx

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/newsetl/newsetl/transform/stats"
)

// KV is one dimension or attribute: its id and its value (a code).
type KV struct{ ID, Value string }

// Record is one observation as a data message holds it, before mapping:
// the full key (series and observation dimensions, in message order),
// the attributes in force (data set, group, series, observation; the
// nearest wins), the time period and the value as written.
type Record struct {
	Key    []KV
	Attrs  map[string]string
	Time   string
	Value  string // as written; "" for none
	Action string // the data set's or row's action: Replace, Merge, Delete, Information, I, A, R, D, ...
	Flow   string // the structure the record belongs to (dataflow id) when the message says
	Pos    string // where in the message: "series 2, observation 5", "line 7"
}

// Message is what a reader takes from one data message.
type Message struct {
	Flow     string // dataflow or structure id, from the header or rows
	FlowName string // its name, when the message carries it
	Records  []Record
	// Labels maps dimension id → code → label, where the message carries
	// them (SDMX-JSON structure, SDMX-CSV "ID: Name" cells).
	Labels map[string]map[string]string
	// Notices are footer messages, error members and deletions: what a
	// reader must surface rather than report "0 rows".
	Notices []string
	// Errs are cells that could not be read, by position.
	Errs []error
	// NumberFormat is the decimal mark of values written as text (SDMX-CSV).
	Number stats.NumberFormat
}

func (m *Message) label(dim, code string) string {
	if m.Labels == nil {
		return ""
	}
	return m.Labels[dim][code]
}

func (m *Message) setLabel(dim, code, label string) {
	if label == "" {
		return
	}
	if m.Labels == nil {
		m.Labels = map[string]map[string]string{}
	}
	if m.Labels[dim] == nil {
		m.Labels[dim] = map[string]string{}
	}
	m.Labels[dim][code] = label
}

// deleted reports whether an action deletes observations.
func deleted(action string) bool {
	a := strings.ToLower(action)
	return a == "delete" || a == "d"
}

// Mapping says how records become observations.
type Mapping struct {
	Source, Dataset, URL string
	FetchedAt            time.Time
	// IndicatorDims make the indicator code (their codes joined by ".");
	// empty: the dataflow id.
	IndicatorDims []string
	TimeDim       string // default TIME_PERIOD
	Period        stats.PeriodOptions
	Units         stats.Units
	Missing       stats.Missing // value texts that mean missing; nil: "", NaN, and the default marks
	// MissingStatus are OBS_STATUS codes that mean "no value" (M, L, na, ...).
	MissingStatus map[string]bool
	Structure     *Structure    // labels and dimension roles; may be nil
	UnitDim       string        // a dimension holding the unit; "": UNIT_MEASURE, UNIT
	Fixed         *stats.Period // the period of a flow without a time dimension
}

// Observations maps the records of m; cells that cannot be read are
// errors naming their position and text, and the others still load.
// Records of data sets or rows that delete are not loaded: they are
// counted in a notice.
func (mp Mapping) Observations(m *Message) ([]stats.Observation, []error, []string) {
	timeDim := mp.TimeDim
	if timeDim == "" {
		timeDim = "TIME_PERIOD"
	}
	indicator := map[string]bool{}
	for _, d := range mp.IndicatorDims {
		indicator[d] = true
	}
	notices := append([]string(nil), m.Notices...)
	var out []stats.Observation
	errs := append([]error(nil), m.Errs...)
	deletes := 0
	for _, r := range m.Records {
		if deleted(r.Action) {
			deletes++
			continue
		}
		at := func(e error) error { return fmt.Errorf("%s: %w", r.Pos, e) }
		timeText := r.Time
		if timeText == "" {
			for _, kv := range r.Key {
				if kv.ID == timeDim {
					timeText = kv.Value
				}
			}
		}
		var per stats.Period
		switch {
		case mp.Fixed != nil && timeText == "":
			per = *mp.Fixed
		case timeText == "":
			errs = append(errs, at(fmt.Errorf("no %s (set time_dimension, or period for a flow without one)", timeDim)))
			continue
		default:
			var err error
			if per, err = stats.ParsePeriodWith(timeText, mp.Period); err != nil {
				errs = append(errs, at(fmt.Errorf("%s: %v", timeDim, err)))
				continue
			}
		}
		scale := 1.0
		if um := attrOrDim(r, "UNIT_MULT"); um != "" {
			n, err := strconv.Atoi(strings.TrimSpace(um))
			if err != nil || n < -30 || n > 30 {
				errs = append(errs, at(fmt.Errorf("UNIT_MULT %q is not a power of ten", um)))
				continue
			}
			scale = math.Pow10(n)
		}
		unit := ""
		unitIDs := []string{"UNIT_MEASURE", "UNIT", "UNIT_MEAS", "unit"}
		if mp.UnitDim != "" {
			unitIDs = []string{mp.UnitDim}
		}
		for _, id := range unitIDs {
			if u := attrOrDim(r, id); u != "" {
				unit = u
				break
			}
		}
		if unit != "" {
			if u, sc, ok := unitOf(unit, mp.Units); ok {
				if sc != 1 && scale != 1 {
					errs = append(errs, at(fmt.Errorf("unit %q already means ×%g and UNIT_MULT says ×%g: which applies is not certain", unit, sc, scale)))
					continue
				}
				unit = u
				scale *= sc
			}
		}
		value, err := mp.value(r, scale, m.Number)
		if err != nil {
			errs = append(errs, at(err))
			continue
		}
		var codes, names []string
		var dims []stats.Dim
		for _, kv := range r.Key {
			if kv.ID == timeDim {
				continue
			}
			if indicator[kv.ID] {
				codes = append(codes, kv.Value)
				name := m.label(kv.ID, kv.Value)
				if name == "" && mp.Structure != nil {
					name = mp.Structure.label(kv.ID, kv.Value)
				}
				if name == "" {
					name = kv.Value
				}
				names = append(names, name)
				continue
			}
			if kv.Value == "" {
				continue
			}
			dims = append(dims, stats.Dim{Name: kv.ID, Value: kv.Value})
		}
		code := strings.Join(codes, ".")
		name := strings.Join(names, ", ")
		if len(mp.IndicatorDims) > 0 && len(codes) != len(mp.IndicatorDims) {
			errs = append(errs, at(fmt.Errorf("the key lacks indicator dimension(s) %v", mp.IndicatorDims)))
			continue
		}
		if code == "" {
			code = r.Flow
			if code == "" {
				code = m.Flow
			}
			name = m.FlowName
			if name == "" && mp.Structure != nil {
				name = mp.Structure.FlowName
			}
			if name == "" {
				name = code
			}
		}
		if code == "" {
			code, name = mp.Dataset, mp.Dataset
		}
		out = append(out, stats.Observation{
			Source: mp.Source, Dataset: mp.Dataset, IndicatorCode: code, IndicatorName: name, Dims: dims,
			PeriodStart: per.Start, PeriodEnd: per.End, Granularity: per.Granularity, PeriodText: per.Text,
			Value: value, Unit: unit, Scale: scale, Raw: r.Value, URL: mp.URL, FetchedAt: mp.FetchedAt,
		})
	}
	if deletes > 0 {
		notices = append(notices, fmt.Sprintf("the message deletes %d observation(s); deletions are not applied to stored values", deletes))
	}
	return out, errs, notices
}

// value reads a record's value: missing for an empty value, NaN, a
// missing mark or a missing OBS_STATUS; else a number (SDMX writes "."
// decimals, SDMX-CSV may declare or prove a comma), or an error.
func (mp Mapping) value(r Record, scale float64, nf stats.NumberFormat) (*float64, error) {
	if st := r.Attrs["OBS_STATUS"]; st != "" && mp.MissingStatus[st] {
		if v := strings.TrimSpace(r.Value); v != "" && !strings.EqualFold(v, "nan") && !mp.Missing.Has(v) {
			return nil, fmt.Errorf("OBS_VALUE %q with OBS_STATUS %q (missing): a value marked missing", r.Value, st)
		}
		return nil, nil
	}
	v := strings.TrimSpace(r.Value)
	if v == "" || strings.EqualFold(v, "nan") {
		return nil, nil
	}
	if !nf.Declared() {
		nf = stats.NumberFormat{Decimal: '.', NoThousands: true}
	}
	val, err := stats.ParseNumber(v, nf, mp.Missing, scale)
	if err != nil {
		return nil, fmt.Errorf("OBS_VALUE: %w", err)
	}
	return val, nil
}

// attrOrDim returns the attribute id, else the key's dimension id.
func attrOrDim(r Record, id string) string {
	if v, ok := r.Attrs[id]; ok && v != "" {
		return v
	}
	for _, kv := range r.Key {
		if kv.ID == id {
			return kv.Value
		}
	}
	return ""
}

// sdmxUnits are unit codes of SDMX and Eurostat code lists whose meaning
// is certain (the code itself stays in the dimensions when it is one).
var sdmxUnits = map[string]stats.UnitSpec{
	"PC": {Unit: "percent", Scale: 1}, "PCT": {Unit: "percent", Scale: 1}, "PT": {Unit: "percent", Scale: 1},
	"PERCENT": {Unit: "percent", Scale: 1}, "PC_GDP": {Unit: "percent", Scale: 1}, "PC_ACT": {Unit: "percent", Scale: 1},
	"PC_POP": {Unit: "percent", Scale: 1}, "MIO_EUR": {Unit: "EUR", Scale: 1e6}, "CP_MEUR": {Unit: "EUR", Scale: 1e6},
	"THS_EUR": {Unit: "EUR", Scale: 1e3}, "MIO_PER": {Unit: "persons", Scale: 1e6}, "THS_PER": {Unit: "persons", Scale: 1e3},
	"NR": {Unit: "", Scale: 1},
}

// unitOf reads a unit code: the configured map, then SDMX's percent
// codes, then a currency the figure parser knows; ok false keeps the code.
func unitOf(code string, units stats.Units) (string, float64, bool) {
	if u, sc, ok := stats.ResolveUnit(code, units); ok && (units != nil && inMap(units, code) || isCurrency(u)) {
		return u, sc, true
	}
	if u, ok := sdmxUnits[strings.ToUpper(code)]; ok {
		return u.Unit, u.Scale, true
	}
	return code, 1, false
}

func inMap(units stats.Units, code string) bool {
	for k := range units {
		if strings.EqualFold(stats.Normalize(k), stats.Normalize(code)) {
			return true
		}
	}
	return false
}

func isCurrency(u string) bool {
	return len(u) == 3 && strings.ToUpper(u) == u
}

// sortedIDs returns the keys of m, sorted.
func sortedIDs(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
