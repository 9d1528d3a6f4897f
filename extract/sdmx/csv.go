package sdmx

import (
	"bytes"
	stdcsv "encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/newsetl/newsetl/transform/stats"
)

// csvConfig is what the SDMX-CSV reader needs beyond readConfig.
type csvConfig struct {
	*readConfig
	measures      []string // value columns; default OBS_VALUE
	number        stats.NumberFormat
	missingStatus map[string]bool
}

var (
	idRE        = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.@-]*$`)
	structureRE = regexp.MustCompile(`^(STRUCTURE|DATAFLOW)(\[.\])?$`)
)

// csvColumn is one column of an SDMX-CSV file.
type csvColumn struct {
	id     string
	labels bool // cells are "code: label" (the header is "ID: Name")
	label  int  // index of a separate label column, or -1
}

// readCSV reads SDMX-CSV 1.0 (first column DATAFLOW) and 2.0 (STRUCTURE,
// STRUCTURE_ID, ACTION, …; a sub-separator in "STRUCTURE[;]"; "ID: Name"
// headers and cells; separate label columns; several structures and
// measures in one file). Dimensions are the configured ones, else the
// structure's, else the columns before TIME_PERIOD (1.0 order: key, time,
// value, attributes), else the columns before the first measure.
func readCSV(body []byte, cfg csvConfig) (*Message, error) {
	body = bytes.TrimPrefix(body, []byte{0xEF, 0xBB, 0xBF})
	firstLine, _, _ := bytes.Cut(body, []byte("\n"))
	comma := ','
	if bytes.Count(firstLine, []byte(";")) > bytes.Count(firstLine, []byte(",")) {
		comma = ';'
	}
	r := stdcsv.NewReader(bytes.NewReader(body))
	r.Comma = comma
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("reading the SDMX-CSV header: %w", err)
	}
	if len(header) == 0 || !structureRE.MatchString(strings.TrimSpace(header[0])) {
		return nil, fmt.Errorf("SDMX-CSV starts with DATAFLOW (1.0) or STRUCTURE (2.0), not %q", header[0])
	}
	v2 := strings.HasPrefix(header[0], "STRUCTURE")
	cols := make([]csvColumn, len(header))
	for i, h := range header {
		h = strings.TrimSpace(h)
		c := csvColumn{label: -1}
		if id, _, ok := strings.Cut(h, ": "); ok && idRE.MatchString(strings.TrimSuffix(stripBrackets(id), "")) {
			c.id, c.labels = stripBrackets(id), true
		} else if id := stripBrackets(h); idRE.MatchString(id) {
			c.id = id
		} else if i > 0 { // a label column for the column before it
			cols[i-1].label = i
			c.id = ""
		}
		cols[i] = c
	}
	col := map[string]int{}
	for i, c := range cols {
		if c.id != "" {
			if _, dup := col[c.id]; !dup {
				col[c.id] = i
			}
		}
	}
	measures := cfg.measures
	if len(measures) == 0 {
		if _, ok := col["OBS_VALUE"]; ok {
			measures = []string{"OBS_VALUE"}
		} else {
			for _, c := range cols {
				if strings.HasPrefix(c.id, "OBS_VALUE") || strings.HasPrefix(c.id, "MEAS") {
					measures = append(measures, c.id)
				}
			}
		}
	}
	for _, mc := range measures {
		if _, ok := col[mc]; !ok {
			return nil, fmt.Errorf("measure column %q not in the header %q", mc, header)
		}
	}
	isMeasure := map[string]bool{}
	for _, mc := range measures {
		isMeasure[mc] = true
	}
	timeDim := cfg.timeDim
	if timeDim == "" {
		timeDim = "TIME_PERIOD"
	}
	// Dimensions.
	isDim := map[string]bool{}
	switch {
	case len(cfg.dims) > 0:
		for d := range cfg.dims {
			isDim[d] = true
		}
		isDim[timeDim] = true
	case cfg.structure != nil && len(cfg.structure.Dimensions) > 0:
		for _, d := range cfg.structure.Dimensions {
			isDim[d] = true
		}
		if cfg.structure.TimeDimension != "" {
			timeDim = cfg.structure.TimeDimension
		}
		isDim[timeDim] = true
	default:
		stop := timeDim
		if _, ok := col[timeDim]; !ok && len(measures) > 0 {
			stop = measures[0]
		}
		for _, c := range cols[1:] {
			if c.id == "STRUCTURE_ID" || c.id == "ACTION" || c.id == "STRUCTURE_NAME" || c.id == "SERIES_KEY" || c.id == "OBS_KEY" || c.id == "" {
				continue
			}
			if c.id == stop || isMeasure[c.id] || cfg.attrs[c.id] {
				if c.id == timeDim {
					isDim[c.id] = true
				}
				break
			}
			isDim[c.id] = true
		}
	}
	m := &Message{Number: cfg.number}
	type row struct {
		line   int
		fields []string
	}
	var rows []row
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading SDMX-CSV: %w", err) // a *csv.ParseError names the line
		}
		line, _ := r.FieldPos(0)
		rows = append(rows, row{line, rec})
	}
	// Values written as text: the decimal mark, declared or proved per file.
	if !m.Number.Declared() {
		var cells []string
		for _, rw := range rows {
			for _, mc := range measures {
				if i := col[mc]; i < len(rw.fields) {
					cells = append(cells, rw.fields[i])
				}
			}
		}
		f, err := stats.InferNumberFormat(cells)
		if err != nil {
			return nil, err
		}
		if f.Declared() {
			m.Number = stats.NumberFormat{Decimal: f.Decimal, NoThousands: true}
		}
	}
	attrOnly := 0
	for _, rw := range rows {
		get := func(i int) string {
			if i < len(rw.fields) {
				return strings.TrimSpace(rw.fields[i])
			}
			return ""
		}
		flowCell := get(0)
		action := ""
		if v2 {
			flowCell = get(col["STRUCTURE_ID"])
			if i, ok := col["ACTION"]; ok {
				action = get(i)
			}
		}
		flow, flowName := splitLabel(flowCell)
		if v2 {
			if i, ok := col["STRUCTURE_NAME"]; ok && flowName == "" {
				flowName = get(i)
			}
		}
		flowID := flowIDOf(flow)
		if m.Flow == "" {
			m.Flow, m.FlowName = flowID, flowName
		}
		var key []KV
		attrs := map[string]string{}
		timeText := ""
		for i, c := range cols {
			if i == 0 || c.id == "" || c.id == "STRUCTURE_ID" || c.id == "ACTION" || c.id == "STRUCTURE_NAME" || c.id == "SERIES_KEY" || c.id == "OBS_KEY" || isMeasure[c.id] {
				continue
			}
			v := get(i)
			label := ""
			if c.labels {
				v, label = splitLabel(v)
			}
			if c.label >= 0 {
				label = get(c.label)
			}
			switch {
			case c.id == timeDim:
				timeText = v
			case isDim[c.id]:
				key = append(key, KV{c.id, v})
				m.setLabel(c.id, v, label)
			default:
				if v != "" {
					attrs[c.id] = v
				}
			}
		}
		if deleted(action) { // a deletion, whatever its cells: counted, never loaded
			m.Records = append(m.Records, Record{Key: key, Action: action, Flow: flowID, Pos: fmt.Sprintf("line %d", rw.line)})
			continue
		}
		given := 0
		for _, mc := range measures {
			if get(col[mc]) != "" {
				given++
			}
		}
		if len(measures) == 0 || (timeText == "" && given == 0) {
			attrOnly++
			continue
		}
		for _, mc := range measures {
			v := get(col[mc])
			// With several measures an empty cell is a measure the row's
			// structure does not have, not a missing value.
			if len(measures) > 1 && v == "" && !cfg.missingStatus[attrs["OBS_STATUS"]] {
				continue
			}
			rec := Record{Key: key, Attrs: attrs, Time: timeText, Value: v, Action: action, Flow: flowID,
				Pos: fmt.Sprintf("line %d", rw.line)}
			if len(measures) > 1 {
				rec.Key = append(append([]KV(nil), key...), KV{"MEASURE", mc})
				rec.Pos = fmt.Sprintf("line %d, column %s", rw.line, mc)
			}
			m.Records = append(m.Records, rec)
		}
	}
	if attrOnly > 0 {
		m.Notices = append(m.Notices, fmt.Sprintf("%d row(s) carry no observation value (attributes, or a key without %s): not loaded", attrOnly, timeDim))
	}
	return m, nil
}

// stripBrackets drops a "[;]" or "[en;fr]" suffix of a header.
func stripBrackets(h string) string {
	if i := strings.IndexByte(h, '['); i > 0 {
		return strings.TrimSpace(h[:i])
	}
	return strings.TrimSpace(h)
}

// splitLabel splits "A: Value A" into code and label.
func splitLabel(v string) (string, string) {
	if code, label, ok := strings.Cut(v, ": "); ok {
		return strings.TrimSpace(code), strings.TrimSpace(label)
	}
	return v, ""
}

// flowIDOf takes the id out of "AGENCY:ID(1.0)".
func flowIDOf(s string) string {
	if i := strings.IndexByte(s, ':'); i >= 0 {
		s = s[i+1:]
	}
	if i := strings.IndexByte(s, '('); i >= 0 {
		s = s[:i]
	}
	return s
}
