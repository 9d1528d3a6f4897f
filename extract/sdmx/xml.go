package sdmx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Structure is what a structure message says about a data flow: its name,
// which components are dimensions (in key order), the time dimension, the
// attributes, and code labels from its code lists.
type Structure struct {
	FlowID, FlowName string
	Dimensions       []string
	TimeDimension    string
	Attributes       map[string]bool
	// Codes maps dimension id → code → label (through the dimension's code
	// list, in the configured language).
	Codes map[string]map[string]string
}

func (s *Structure) label(dim, code string) string {
	if s == nil || s.Codes == nil {
		return ""
	}
	return s.Codes[dim][code]
}

func (s *Structure) isDimension(id string) bool {
	if s == nil {
		return false
	}
	for _, d := range s.Dimensions {
		if d == id {
			return true
		}
	}
	return id == s.TimeDimension
}

// knownAttributes are attribute ids of SDMX's cross-domain concepts and of
// common providers: in a structure-specific message without its structure
// they tell a series' attributes from its dimensions.
var knownAttributes = map[string]bool{
	"TIME_FORMAT": true, "COLLECTION": true, "DECIMALS": true, "TITLE": true, "TITLE_COMPL": true,
	"UNIT": true, "UNIT_MULT": true, "SOURCE_AGENCY": true, "SOURCE_PUB": true, "COMPILATION": true,
	"OBS_STATUS": true, "OBS_CONF": true, "OBS_COM": true, "OBS_PRE_BREAK": true, "BASE_PER": true,
	"TIME_PER_COLLECT": true, "REF_PERIOD_DETAIL": true, "PRE_BREAK_VALUE": true, "COMMENT_OBS": true,
	"EMBARGO_TIME": true, "NAT_TITLE": true, "COVERAGE": true, "BREAKS": true, "DOM_SER_IDS": true,
	"PUBL_ECB": true, "PUBL_MU": true, "PUBL_PUBLIC": true, "UNIT_INDEX_BASE": true, "COMMENT_TS": true,
	"COMMENT_DSET": true, "DATA_COMP": true, "CONF_STATUS": true, "DISS_ORG": true, "OBS_EDP_WBB": true,
	"COUNTRY_UPDATE_DATE": true, "OVERLAP": true, "DECIMALS_DISPLAYED": true, "SCALE": true,
	"SERIES_NAME": true, "IDBANK": true, "LAST_UPDATE": true, "REF_AREA_LABEL": true,
	"DURABILITY": true, "AVAILABILITY": true, "ID": true, "DESCRIPTION": true,
	"OBS_FLAG": true, "OBS_VALUE_STATUS": true, "EMBARGO_DATE": true,
}

// isAttribute decides whether an XML attribute of a Series or Obs element
// is an SDMX attribute (else a dimension): by the structure when there is
// one, else by knownAttributes and the configured lists.
func (c *readConfig) isAttribute(id string) bool {
	if c.dims[id] {
		return false
	}
	if c.attrs[id] {
		return true
	}
	if c.structure != nil && len(c.structure.Dimensions) > 0 {
		return !c.structure.isDimension(id)
	}
	return knownAttributes[id]
}

// readConfig is what the readers need from the source's options.
type readConfig struct {
	timeDim   string
	dims      map[string]bool // configured: these are dimensions
	attrs     map[string]bool // configured: these are attributes
	structure *Structure
	lang      string
}

// components reads the XML attributes that are not namespace declarations or
// schema hints: SDMX components.
func components(as []xml.Attr) []KV {
	var out []KV
	for _, a := range as {
		if a.Name.Space == "xmlns" || a.Name.Local == "xmlns" || a.Name.Space != "" {
			continue
		}
		out = append(out, KV{a.Name.Local, a.Value})
	}
	return out
}

func attrValue(as []xml.Attr, local string) string {
	for _, a := range as {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// group is a Group element: its key and the attributes it gives every
// series matching that key.
type group struct {
	key   []KV
	attrs map[string]string
}

// readXML reads an SDMX-ML data message: 2.1 and 3.0 generic and
// structure-specific, 2.0 compact (also inside a MessageGroup), footer
// messages, error messages.
func readXML(body []byte, cfg *readConfig) (*Message, error) {
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = true
	dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		if strings.EqualFold(label, "utf-8") || strings.EqualFold(label, "utf8") {
			return in, nil
		}
		return nil, fmt.Errorf("XML encoding %q: only UTF-8 is read", label)
	}
	m := &Message{}
	var (
		root            string
		stack           []string
		dsAttrs         map[string]string
		dsAction        string
		groups          []group
		cur             *group // the Group being read
		seriesKey       []KV
		seriesAttrs     map[string]string
		inSeries        bool
		obs             *Record
		obsAttrs        map[string]string
		nSeries, nObs   int
		valueTarget     string // "serieskey", "groupkey", "attributes", "obskey"
		compID          string // a 3.0 Comp being read
		compVals        []string
		compValText     bool // the Comp's current Value has its text
		textBuf         strings.Builder
		footerCode      string
		footerTexts     []string
		errorTexts      []string
		headerObsDim    string
		inFooter, inErr bool
	)
	parent := func(n int) string {
		if len(stack) > n {
			return stack[len(stack)-1-n]
		}
		return ""
	}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			if root == "" {
				root = name
				switch name {
				case "GenericData", "StructureSpecificData", "CompactData", "MessageGroup", "GenericTimeSeriesData",
					"StructureSpecificTimeSeriesData", "UtilityData", "CrossSectionalData", "Error":
				case "Structure":
					return nil, fmt.Errorf("this is a structure message, not data: give it as structure_url")
				default:
					return nil, fmt.Errorf("root element <%s> is not an SDMX-ML data message", name)
				}
			}
			stack = append(stack, name)
			textBuf.Reset()
			switch {
			case name == "Structure" && parent(1) == "Header":
				headerObsDim = attrValue(t.Attr, "dimensionAtObservation")
			case name == "Ref" && (parent(1) == "StructureUsage" || parent(1) == "Structure") && m.Flow == "":
				m.Flow = attrValue(t.Attr, "id")
			case name == "Footer":
				inFooter = true
			case name == "Message" && inFooter:
				footerCode = attrValue(t.Attr, "code")
			case name == "ErrorMessage":
				inErr = true
				footerCode = attrValue(t.Attr, "code")
			case name == "DataSet":
				dsAttrs = map[string]string{}
				dsAction = attrValue(t.Attr, "action")
				for _, kv := range components(t.Attr) {
					if kv.ID != "action" && kv.ID != "structureRef" && kv.ID != "dataScope" && kv.ID != "validFromDate" && kv.ID != "validToDate" && kv.ID != "setID" && kv.ID != "publicationYear" && kv.ID != "publicationPeriod" && kv.ID != "reportingBeginDate" && kv.ID != "reportingEndDate" {
						dsAttrs[kv.ID] = kv.Value
					}
				}
				groups = nil
			case name == "Group":
				g := group{attrs: map[string]string{}}
				for _, kv := range components(t.Attr) {
					if kv.ID == "type" {
						continue
					}
					if cfg.isAttribute(kv.ID) {
						g.attrs[kv.ID] = kv.Value
					} else {
						g.key = append(g.key, kv)
					}
				}
				groups = append(groups, g)
				cur = &groups[len(groups)-1]
			case name == "Series":
				inSeries = true
				nSeries++
				nObs = 0
				seriesKey = nil
				seriesAttrs = map[string]string{}
				for _, kv := range components(t.Attr) {
					if cfg.isAttribute(kv.ID) {
						seriesAttrs[kv.ID] = kv.Value
					} else {
						seriesKey = append(seriesKey, kv)
					}
				}
			case name == "SeriesKey":
				valueTarget = "serieskey"
			case name == "GroupKey":
				valueTarget = "groupkey"
			case name == "ObsKey":
				valueTarget = "obskey"
			case name == "Attributes":
				valueTarget = "attributes"
			case name == "Value" && compID != "":
				compValText = false
			case name == "Value" && valueTarget != "":
				id, v := attrValue(t.Attr, "id"), attrValue(t.Attr, "value")
				if id == "" {
					id = attrValue(t.Attr, "concept") // 2.0 generic
				}
				switch {
				case valueTarget == "serieskey":
					seriesKey = append(seriesKey, KV{id, v})
				case valueTarget == "groupkey" && cur != nil:
					cur.key = append(cur.key, KV{id, v})
				case valueTarget == "obskey" && obs != nil:
					obs.Key = append(obs.Key, KV{id, v})
				case valueTarget == "attributes":
					switch {
					case obs != nil:
						obsAttrs[id] = v
					case cur != nil && parent(2) == "Group":
						cur.attrs[id] = v
					case inSeries:
						seriesAttrs[id] = v
					default:
						if dsAttrs != nil {
							dsAttrs[id] = v
						}
					}
				}
			case name == "Obs":
				nObs++
				obs = &Record{Action: dsAction, Pos: fmt.Sprintf("series %d, observation %d", nSeries, nObs)}
				if !inSeries {
					obs.Pos = fmt.Sprintf("observation %d", nObs)
				}
				obsAttrs = map[string]string{}
				for _, kv := range components(t.Attr) {
					switch {
					case kv.ID == "OBS_VALUE":
						obs.Value = kv.Value
					case kv.ID == cfg.timeDim || kv.ID == "TIME_PERIOD" || kv.ID == "TIME" || (headerObsDim != "" && kv.ID == headerObsDim && headerObsDim != "AllDimensions"):
						obs.Time = kv.Value
						if kv.ID != cfg.timeDim && kv.ID != "TIME_PERIOD" && kv.ID != "TIME" {
							obs.Key = append(obs.Key, kv)
							obs.Time = ""
						}
					case cfg.isAttribute(kv.ID) || (headerObsDim != "" && headerObsDim != "AllDimensions" && inSeries):
						// With one dimension at the observation, every other
						// component of an Obs is an attribute (OBS_FLAG, CONF_STATUS).
						obsAttrs[kv.ID] = kv.Value
					default:
						obs.Key = append(obs.Key, kv)
					}
				}
			case name == "ObsDimension" && obs != nil:
				id := attrValue(t.Attr, "id")
				v := attrValue(t.Attr, "value")
				if id == "" || id == cfg.timeDim || id == "TIME_PERIOD" {
					obs.Time = v
				} else {
					obs.Key = append(obs.Key, KV{id, v})
				}
			case name == "ObsValue" && obs != nil:
				obs.Value = attrValue(t.Attr, "value")
			case name == "Comp":
				compID = attrValue(t.Attr, "id")
				compVals = nil
			}
		case xml.CharData:
			textBuf.Write(t)
		case xml.EndElement:
			name := t.Name.Local
			text := strings.TrimSpace(textBuf.String())
			switch {
			case name == "DataSetID" && parent(1) == "Header" && text != "":
				m.Flow = text // the data set's id names the flow better than a structure reference
			case name == "Time" && obs != nil:
				obs.Time = text
			case name == "Text" && inFooter:
				footerTexts = append(footerTexts, text)
			case name == "Text" && inErr:
				errorTexts = append(errorTexts, text)
			case name == "Text" && compID != "":
				if !compValText { // the first language given: the message's own
					compVals = append(compVals, text)
					compValText = true
				}
			case name == "Value" && compID != "":
				if !compValText && text != "" {
					compVals = append(compVals, text)
				}
			case name == "Comp":
				v := strings.Join(compVals, ";")
				switch {
				case obs != nil:
					obsAttrs[compID] = v
				case inSeries:
					seriesAttrs[compID] = v
				case cur != nil:
					cur.attrs[compID] = v
				}
				compID = ""
			case name == "Footer":
				inFooter = false
				if len(footerTexts) > 0 || footerCode != "" {
					m.Notices = append(m.Notices, footerNotice(footerCode, footerTexts))
				}
				footerTexts = nil
			case name == "ErrorMessage":
				inErr = false
				m.Notices = append(m.Notices, fmt.Sprintf("error message %s: %s", footerCode, strings.Join(errorTexts, " ")))
				errorTexts = nil
			case name == "SeriesKey", name == "GroupKey", name == "ObsKey", name == "Attributes":
				valueTarget = ""
			case name == "Group":
				cur = nil
			case name == "Obs" && obs != nil:
				r := obs
				r.Key = append(append([]KV(nil), seriesKey...), r.Key...)
				r.Attrs = map[string]string{}
				for k, v := range dsAttrs {
					r.Attrs[k] = v
				}
				for _, g := range groups {
					if matches(g.key, seriesKey) {
						for k, v := range g.attrs {
							r.Attrs[k] = v
						}
						for _, kv := range g.key {
							if _, inKey := find(seriesKey, kv.ID); !inKey {
								r.Attrs[kv.ID] = kv.Value
							}
						}
					}
				}
				for k, v := range seriesAttrs {
					r.Attrs[k] = v
				}
				for k, v := range obsAttrs {
					r.Attrs[k] = v
				}
				r.Flow = m.Flow
				m.Records = append(m.Records, *r)
				obs = nil
			case name == "Series":
				inSeries = false
				seriesKey = nil
				seriesAttrs = nil
			}
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			textBuf.Reset()
		}
	}
	if root == "" {
		return nil, fmt.Errorf("no XML element: not an SDMX-ML message")
	}
	return m, nil
}

// matches reports whether a group's key agrees with a series key on every
// dimension they share, sharing at least one. (Without the structure, a
// group's components the series lacks are attributes read as key.)
func matches(groupKey, seriesKey []KV) bool {
	shared := 0
	for _, g := range groupKey {
		for _, s := range seriesKey {
			if s.ID == g.ID {
				if s.Value != g.Value {
					return false
				}
				shared++
			}
		}
	}
	return shared > 0
}

// parentIs reports whether the element on top of stack sits in one named parent.
func parentIs(stack []string, parent string) bool {
	return len(stack) > 1 && stack[len(stack)-2] == parent
}

func find(kvs []KV, id string) (string, bool) {
	for _, kv := range kvs {
		if kv.ID == id {
			return kv.Value, true
		}
	}
	return "", false
}

func footerNotice(code string, texts []string) string {
	var url string
	for _, t := range texts {
		if strings.HasPrefix(t, "http://") || strings.HasPrefix(t, "https://") {
			url = t
		}
	}
	msg := fmt.Sprintf("footer message %s: %s", code, strings.Join(texts, " "))
	if code == "413" || url != "" {
		msg = fmt.Sprintf("the server will write the result to a file later (footer code %s): fetch %s once it is ready; %s", code, url, strings.Join(texts, " "))
	}
	return msg
}

// readStructure reads an SDMX-ML 2.1 structure message: the first data
// flow's name, the first data structure's dimensions, time dimension and
// attributes, and the code lists of the dimensions, labels in lang (else
// English, else the first).
func readStructure(body []byte, lang string) (*Structure, error) {
	dec := xml.NewDecoder(bytes.NewReader(body))
	s := &Structure{Attributes: map[string]bool{}, Codes: map[string]map[string]string{}}
	type nameText struct{ lang, text string }
	var (
		stack     []string
		dimCL     = map[string]string{} // dimension id → code list id
		lists     = map[string]map[string][]nameText{}
		curDim    string
		curList   string
		curCode   string
		curLang   string
		flowNames []nameText
		text      strings.Builder
		inDSD     int
		root      string
	)
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading structure XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			if root == "" {
				root = name
				if name != "Structure" {
					return nil, fmt.Errorf("root element <%s> is not an SDMX-ML structure message", name)
				}
			}
			stack = append(stack, name)
			text.Reset()
			switch name {
			case "Dataflow":
				if s.FlowID == "" {
					s.FlowID = attrValue(t.Attr, "id")
				}
			case "DataStructure":
				inDSD++
			case "Dimension":
				if inDSD == 1 && parentIs(stack, "DimensionList") && attrValue(t.Attr, "id") != "" {
					curDim = attrValue(t.Attr, "id")
					s.Dimensions = append(s.Dimensions, curDim)
				}
			case "TimeDimension":
				if inDSD == 1 && parentIs(stack, "DimensionList") {
					s.TimeDimension = attrValue(t.Attr, "id")
				}
			case "Attribute":
				if inDSD == 1 && parentIs(stack, "AttributeList") && attrValue(t.Attr, "id") != "" {
					s.Attributes[attrValue(t.Attr, "id")] = true
				}
			case "Ref":
				if curDim != "" && len(stack) > 2 && stack[len(stack)-2] == "Enumeration" {
					dimCL[curDim] = attrValue(t.Attr, "id")
				}
			case "Codelist":
				curList = attrValue(t.Attr, "id")
				lists[curList] = map[string][]nameText{}
			case "Code":
				if curList != "" {
					curCode = attrValue(t.Attr, "id")
				}
			case "Name":
				curLang = ""
				for _, a := range t.Attr {
					if a.Name.Local == "lang" {
						curLang = a.Value
					}
				}
			}
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			name := t.Name.Local
			switch name {
			case "Name":
				nt := nameText{curLang, strings.TrimSpace(text.String())}
				p := ""
				if len(stack) > 1 {
					p = stack[len(stack)-2]
				}
				switch {
				case p == "Code" && curList != "" && curCode != "":
					lists[curList][curCode] = append(lists[curList][curCode], nt)
				case p == "Dataflow":
					flowNames = append(flowNames, nt)
				}
			case "Dimension":
				curDim = ""
			case "DataStructure":
				inDSD++
			case "Codelist":
				curList = ""
			case "Code":
				curCode = ""
			}
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			text.Reset()
		}
	}
	pick := func(names []nameText) string {
		for _, want := range []string{lang, "en", ""} {
			for _, n := range names {
				if want == "" || n.lang == want {
					return n.text
				}
			}
		}
		return ""
	}
	s.FlowName = pick(flowNames)
	for dim, cl := range dimCL {
		for code, names := range lists[cl] {
			if s.Codes[dim] == nil {
				s.Codes[dim] = map[string]string{}
			}
			s.Codes[dim][code] = pick(names)
		}
	}
	return s, nil
}
