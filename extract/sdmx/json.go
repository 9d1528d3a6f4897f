package sdmx

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// jsonComponent is a dimension or an attribute of an SDMX-JSON structure.
type jsonComponent struct {
	ID          string          `json:"id"`
	Name        json.RawMessage `json:"name"`
	Names       map[string]string
	KeyPosition *int            `json:"keyPosition"`
	Values      []jsonValue     `json:"values"`
	Default     json.RawMessage `json:"default"`
}

type jsonValue struct {
	ID    string            `json:"id"`
	Name  json.RawMessage   `json:"name"` // a string (1.0, 2.x) or a map of languages (draft)
	Names map[string]string `json:"names"`
}

type jsonStructure struct {
	Name       json.RawMessage `json:"name"`
	Names      map[string]string
	Links      []jsonLink                 `json:"links"`
	Dimensions map[string][]jsonComponent `json:"dimensions"`
	Attributes map[string][]jsonComponent `json:"attributes"`
}

type jsonLink struct {
	Href string `json:"href"`
	URN  string `json:"urn"`
	Rel  string `json:"rel"`
}

type jsonDataSet struct {
	Action          string                       `json:"action"`
	Structure       *int                         `json:"structure"`
	Attributes      []json.RawMessage            `json:"attributes"`
	GroupAttributes map[string][]json.RawMessage `json:"dimensionGroupAttributes"`
	Series          map[string]jsonSeries        `json:"series"`
	Observations    map[string][]json.RawMessage `json:"observations"`
	Links           []jsonLink                   `json:"links"`
	Extra           map[string]json.RawMessage   `json:"-"`
}

type jsonSeries struct {
	Attributes   []json.RawMessage            `json:"attributes"`
	Observations map[string][]json.RawMessage `json:"observations"`
}

type jsonMessage struct {
	Header    json.RawMessage `json:"header"`
	Meta      json.RawMessage `json:"meta"`
	Errors    []jsonError     `json:"errors"`
	Structure *jsonStructure  `json:"structure"`
	DataSets  []jsonDataSet   `json:"dataSets"`
	Data      *struct {
		Structure  *jsonStructure  `json:"structure"`
		Structures []jsonStructure `json:"structures"`
		DataSets   []jsonDataSet   `json:"dataSets"`
	} `json:"data"`
}

type jsonError struct {
	Code    json.RawMessage `json:"code"`
	Title   json.RawMessage `json:"title"`
	Detail  json.RawMessage `json:"detail"`
	Message json.RawMessage `json:"message"`
}

var urnID = regexp.MustCompile(`(?:Dataflow|DataStructure)=[^:]+:([^(]+)\(`)

// readJSON reads an SDMX-JSON data message in any of its layouts: draft
// (header, structure, dataSets), 1.0 (meta, data.structure, data.dataSets)
// and 2.x (data.structures, each data set pointing at one by index).
func readJSON(body []byte, lang string) (*Message, error) {
	var jm jsonMessage
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&jm); err != nil {
		return nil, fmt.Errorf("reading SDMX-JSON: %w", err)
	}
	m := &Message{}
	for _, e := range jm.Errors {
		m.Notices = append(m.Notices, fmt.Sprintf("error %s: %s %s %s", rawText(e.Code, lang), rawText(e.Title, lang), rawText(e.Detail, lang), rawText(e.Message, lang)))
	}
	var structures []jsonStructure
	var sets []jsonDataSet
	switch {
	case jm.Data != nil && len(jm.Data.Structures) > 0:
		structures, sets = jm.Data.Structures, jm.Data.DataSets
	case jm.Data != nil && jm.Data.Structure != nil:
		structures, sets = []jsonStructure{*jm.Data.Structure}, jm.Data.DataSets
	case jm.Structure != nil:
		structures, sets = []jsonStructure{*jm.Structure}, jm.DataSets
	case jm.Data != nil || len(jm.Errors) > 0:
		return m, nil
	default:
		return nil, fmt.Errorf("no SDMX-JSON structure: want data.structures (2.x), data.structure (1.0) or structure with dataSets")
	}
	for di, ds := range sets {
		si := 0
		if ds.Structure != nil {
			si = *ds.Structure
		}
		if si < 0 || si >= len(structures) {
			return nil, fmt.Errorf("data set %d points at structure %d of %d", di, si, len(structures))
		}
		if err := readJSONDataSet(m, &structures[si], ds, di, len(sets), lang); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// dimsAt returns the structure's dimensions (or attributes) at a level,
// accepting "dataSet" and "dataset".
func dimsAt(c map[string][]jsonComponent, level string) []jsonComponent {
	if v, ok := c[level]; ok {
		return v
	}
	return c[strings.ToLower(level)]
}

func readJSONDataSet(m *Message, st *jsonStructure, ds jsonDataSet, di, nSets int, lang string) error {
	flow := ""
	for _, l := range append(append([]jsonLink(nil), st.Links...), ds.Links...) {
		if x := urnID.FindStringSubmatch(l.URN + " " + l.Href); x != nil && (l.Rel == "dataflow" || l.Rel == "self" || l.Rel == "datastructure" || flow == "") {
			flow = x[1]
		}
	}
	name := rawText(st.Name, lang)
	if m.Flow == "" {
		m.Flow, m.FlowName = flow, name
	}
	dsDims := dimsAt(st.Dimensions, "dataSet")
	serDims := dimsAt(st.Dimensions, "series")
	obsDims := dimsAt(st.Dimensions, "observation")
	all := append(append(append([]jsonComponent(nil), dsDims...), serDims...), obsDims...)
	for _, d := range all {
		for _, v := range d.Values {
			m.setLabel(d.ID, v.ID, valueName(v, lang))
		}
	}
	// The order of the full key, for group attributes' partial keys.
	order := make([]string, len(all))
	positioned := true
	for i, d := range all {
		order[i] = d.ID
		if d.KeyPosition == nil {
			positioned = false
		}
	}
	if positioned {
		sort.SliceStable(all, func(i, j int) bool { return *all[i].KeyPosition < *all[j].KeyPosition })
		for i, d := range all {
			order[i] = d.ID
		}
	}
	dsAttrDefs := dimsAt(st.Attributes, "dataSet")
	serAttrDefs := dimsAt(st.Attributes, "series")
	obsAttrDefs := dimsAt(st.Attributes, "observation")
	grpAttrDefs := dimsAt(st.Attributes, "dimensionGroup")

	base := map[string]string{}
	idx := map[string]int{} // dimension id → value index, for group keys
	var key []KV
	for _, d := range dsDims {
		if len(d.Values) > 0 {
			key = append(key, KV{d.ID, codeOf(d.Values[0])})
			idx[d.ID] = 0
		}
	}
	setAttrs(base, dsAttrDefs, ds.Attributes, lang)
	for _, d := range dsAttrDefs { // 1.0: a data set attribute's one value may stand in the structure alone
		if _, ok := base[d.ID]; !ok && len(ds.Attributes) == 0 && len(d.Values) == 1 {
			base[d.ID] = codeOf(d.Values[0])
		}
	}
	where := fmt.Sprintf("data set %d", di)
	if nSets == 1 {
		where = ""
	}
	pos := func(s string) string {
		if where == "" {
			return s
		}
		return where + ", " + s
	}
	decodeKey := func(k string, dims []jsonComponent, into []KV, at map[string]int) ([]KV, error) {
		if k == "" && len(dims) == 0 {
			return into, nil
		}
		parts := strings.Split(k, ":")
		if len(parts) != len(dims) {
			return nil, fmt.Errorf("key %q has %d parts for %d dimensions", k, len(parts), len(dims))
		}
		for i, p := range parts {
			n, err := strconv.Atoi(p)
			if err != nil || n < 0 || n >= len(dims[i].Values) {
				return nil, fmt.Errorf("key %q: %q is not an index into the %d values of %s", k, p, len(dims[i].Values), dims[i].ID)
			}
			into = append(into, KV{dims[i].ID, codeOf(dims[i].Values[n])})
			at[dims[i].ID] = n
		}
		return into, nil
	}
	noValue := new(int)
	defer func() {
		if *noValue > 0 {
			prefix := ""
			if where != "" {
				prefix = where + ": "
			}
			m.Notices = append(m.Notices, fmt.Sprintf("%s%d observation(s) without a value (a series-keys-only reply): not loaded", prefix, *noValue))
		}
	}()
	emit := func(k []KV, at map[string]int, serAttrs map[string]string, obsKey string, vals []json.RawMessage, p string) {
		r := Record{Action: ds.Action, Flow: flow, Pos: p, Attrs: map[string]string{}}
		for k, v := range base {
			r.Attrs[k] = v
		}
		for gk, gv := range ds.GroupAttributes {
			if groupMatches(gk, order, all, at) {
				setAttrs(r.Attrs, grpAttrDefs, gv, lang)
			}
		}
		for k, v := range serAttrs {
			r.Attrs[k] = v
		}
		var err error
		r.Key, err = decodeKey(obsKey, obsDims, append([]KV(nil), k...), at)
		if err != nil {
			m.Errs = append(m.Errs, fmt.Errorf("%s: %v", p, err))
			return
		}
		if deleted(r.Action) { // a deletion: its key is all it needs
			m.Records = append(m.Records, r)
			return
		}
		if len(vals) == 0 { // detail=serieskeysonly: a key without a value, not a missing value
			*noValue++
			return
		}
		r.Value = numberText(vals[0])
		setAttrs(r.Attrs, obsAttrDefs, vals[1:], lang)
		m.Records = append(m.Records, r)
	}
	if ds.Series != nil {
		for _, sk := range sortedKeys(ds.Series) {
			s := ds.Series[sk]
			at := map[string]int{}
			for k, v := range idx {
				at[k] = v
			}
			k, err := decodeKey(sk, serDims, append([]KV(nil), key...), at)
			if err != nil {
				m.Errs = append(m.Errs, fmt.Errorf("%s: %v", pos("series "+sk), err))
				continue
			}
			sa := map[string]string{}
			setAttrs(sa, serAttrDefs, s.Attributes, lang)
			for _, ok := range sortedKeys(s.Observations) {
				obsAt := map[string]int{}
				for k, v := range at {
					obsAt[k] = v
				}
				emit(k, obsAt, sa, ok, s.Observations[ok], pos(fmt.Sprintf("series %s, observation %s", sk, ok)))
			}
		}
	}
	if len(ds.Observations) > 0 && len(serDims) > 0 {
		// A flat data set under a structure with series dimensions: its
		// keys run over the series and the observation dimensions.
		obsDims = append(append([]jsonComponent(nil), serDims...), obsDims...)
	}
	for _, ok := range sortedKeys(ds.Observations) {
		at := map[string]int{}
		for k, v := range idx {
			at[k] = v
		}
		emit(key, at, nil, ok, ds.Observations[ok], pos("observation "+ok))
	}
	return nil
}

// groupMatches reports whether a partial key ("::0", "0:1:") holds for a
// record whose dimension value indexes are at; order lists the dimensions
// in key order.
func groupMatches(partial string, order []string, _ []jsonComponent, at map[string]int) bool {
	parts := strings.Split(partial, ":")
	if len(parts) != len(order) {
		return false
	}
	for i, p := range parts {
		if p == "" {
			continue
		}
		n, err := strconv.Atoi(p)
		if err != nil {
			return false
		}
		if v, ok := at[order[i]]; !ok || v != n {
			return false
		}
	}
	return true
}

// setAttrs resolves attribute values (indexes into the definition's
// values, literal texts, language maps, lists) into into.
func setAttrs(into map[string]string, defs []jsonComponent, vals []json.RawMessage, lang string) {
	for i, d := range defs {
		var raw json.RawMessage
		if i < len(vals) {
			raw = vals[i]
		}
		v, ok := attrText(d, raw, lang)
		if !ok {
			if len(d.Default) > 0 {
				if dv, ok := attrText(jsonComponent{}, d.Default, lang); ok {
					into[d.ID] = dv
				}
			}
			continue
		}
		into[d.ID] = v
	}
}

func attrText(d jsonComponent, raw json.RawMessage, lang string) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", false
	}
	switch raw[0] {
	case '[':
		var list []json.RawMessage
		if json.Unmarshal(raw, &list) != nil {
			return "", false
		}
		var parts []string
		for _, x := range list {
			if t, ok := attrText(d, x, lang); ok {
				parts = append(parts, t)
			}
		}
		return strings.Join(parts, ";"), len(parts) > 0
	case '{', '"':
		return rawText(raw, lang), true
	}
	n, err := strconv.Atoi(string(raw))
	if err == nil && len(d.Values) > 0 {
		if n < 0 || n >= len(d.Values) {
			return "", false
		}
		return codeOf(d.Values[n]), true
	}
	return string(raw), true
}

// codeOf is a value's id, or its name when it has none (1.0's TITLE).
func codeOf(v jsonValue) string {
	if v.ID != "" {
		return v.ID
	}
	return rawText(v.Name, "")
}

func valueName(v jsonValue, lang string) string {
	if n, ok := v.Names[lang]; ok && lang != "" {
		return n
	}
	return rawText(v.Name, lang)
}

// rawText reads a JSON string, or a language map (the lang entry, else
// "en", else any), or a number.
func rawText(raw json.RawMessage, lang string) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var m map[string]string
	if json.Unmarshal(raw, &m) == nil {
		for _, l := range []string{lang, "en"} {
			if v, ok := m[l]; ok && l != "" {
				return v
			}
		}
		for _, k := range sortedIDs(m) {
			return m[k]
		}
	}
	return string(raw)
}

// numberText is an observation value as written: a JSON number's digits,
// a string's text, "" for null.
func numberText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	if raw[0] == '"' {
		return rawText(raw, "")
	}
	return string(raw)
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return keyLess(out[i], out[j]) })
	return out
}

// keyLess orders "0:10" after "0:9": part by part, numerically.
func keyLess(a, b string) bool {
	pa, pb := strings.Split(a, ":"), strings.Split(b, ":")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		x, e1 := strconv.Atoi(pa[i])
		y, e2 := strconv.Atoi(pb[i])
		if e1 != nil || e2 != nil {
			if pa[i] != pb[i] {
				return pa[i] < pb[i]
			}
			continue
		}
		if x != y {
			return x < y
		}
	}
	return len(pa) < len(pb)
}
