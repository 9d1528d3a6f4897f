package jsonapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// JSONPath is a compiled path into JSON decoded by DecodeJSON. The language:
//
//	indicator.id                  members, separated by dots
//	1.0.pages                     a number indexes an array (or names a member of an object)
//	wds[wdcode=zb].valuecode      [field=value] keeps the first array element whose field equals value
//	nodes[code={wds[wdcode=zb].valuecode}].cname
//	                              {path} inside a key or a filter value is replaced by the
//	                              value at that path in the record
//	$.returndata.wdnodes          $ starts from the document's root instead of the record
//	country.value?                a trailing ? makes the path optional: missing gives no value, not an error
//	=亿元                          a leading = is a constant: the rest of the text, as written
//
// The empty path is the record (or the root) itself. Keys holding '.', '[',
// ']', '{' or '}' cannot be written.
type JSONPath struct {
	text     string
	root     bool
	optional bool
	constant bool
	segs     []jsonSeg
}

type jsonSeg struct {
	key     jsonTmpl // empty: only filters
	filters []jsonFilter
}

type jsonFilter struct {
	field string
	value jsonTmpl
}

// jsonTmpl is text with {path} holes.
type jsonTmpl struct {
	lits  []string    // len(lits) == len(holes)+1
	holes []*JSONPath // record-relative
}

func (t jsonTmpl) empty() bool { return len(t.holes) == 0 && t.lits[0] == "" }

// String returns the path as written.
func (p *JSONPath) String() string { return p.text }

// Optional reports whether the path ends with "?".
func (p *JSONPath) Optional() bool { return p.optional }

// CompileJSONPath parses a path (see JSONPath).
func CompileJSONPath(s string) (*JSONPath, error) {
	return compileJSONPath(s, 0)
}

const maxJSONPathDepth = 8 // nested {…} holes

func compileJSONPath(s string, depth int) (*JSONPath, error) {
	if depth > maxJSONPathDepth {
		return nil, errors.New("holes nested too deep")
	}
	p := &JSONPath{text: s}
	if strings.HasPrefix(s, "=") {
		p.constant = true
		return p, nil
	}
	s = strings.TrimSpace(s)
	if strings.HasSuffix(s, "?") {
		p.optional = true
		s = s[:len(s)-1]
	}
	if s == "$" {
		p.root = true
		return p, nil
	}
	if strings.HasPrefix(s, "$.") {
		p.root = true
		s = s[2:]
	}
	if s == "" {
		return p, nil
	}
	parts, err := splitJSONPath(s)
	if err != nil {
		return nil, err
	}
	for _, part := range parts {
		seg, err := compileJSONSeg(part, depth)
		if err != nil {
			return nil, fmt.Errorf("segment %q: %w", part, err)
		}
		p.segs = append(p.segs, seg)
	}
	return p, nil
}

// splitJSONPath splits s at the dots outside [] and {}.
func splitJSONPath(s string) ([]string, error) {
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '[', '{':
			depth++
		case ']', '}':
			if depth--; depth < 0 {
				return nil, fmt.Errorf("unbalanced %q at byte %d", s[i], i)
			}
		case '.':
			if depth == 0 {
				if i == start {
					return nil, fmt.Errorf("empty segment at byte %d", i)
				}
				parts = append(parts, s[start:i])
				start = i + 1
			}
		}
	}
	if depth != 0 {
		return nil, errors.New("unclosed [ or {")
	}
	if start == len(s) {
		return nil, errors.New("empty last segment")
	}
	return append(parts, s[start:]), nil
}

// closing returns the index of the bracket closing the one at s[open].
func closing(s string, open int) int {
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case '[', '{':
			depth++
		case ']', '}':
			if depth--; depth == 0 {
				return i
			}
		}
	}
	return -1
}

func compileJSONSeg(s string, depth int) (jsonSeg, error) {
	var seg jsonSeg
	// The key runs up to the first '[' outside {}.
	end := len(s)
	for i := 0; i < len(s); i++ {
		if s[i] == '{' {
			c := closing(s, i)
			if c < 0 {
				return seg, errors.New("unclosed {")
			}
			i = c
			continue
		}
		if s[i] == '[' {
			end = i
			break
		}
	}
	key, err := compileJSONTmpl(s[:end], depth)
	if err != nil {
		return seg, err
	}
	seg.key = key
	for rest := s[end:]; rest != ""; {
		if rest[0] != '[' {
			return seg, fmt.Errorf("unexpected %q after a filter", rest)
		}
		c := closing(rest, 0)
		if c < 0 || rest[c] != ']' {
			return seg, errors.New("unclosed [")
		}
		field, value, ok := strings.Cut(rest[1:c], "=")
		if !ok || field == "" || strings.ContainsAny(field, "{}[]") {
			return seg, fmt.Errorf("filter %q is not [field=value]", rest[:c+1])
		}
		v, err := compileJSONTmpl(value, depth)
		if err != nil {
			return seg, err
		}
		seg.filters = append(seg.filters, jsonFilter{field: field, value: v})
		rest = rest[c+1:]
	}
	return seg, nil
}

func compileJSONTmpl(s string, depth int) (jsonTmpl, error) {
	var t jsonTmpl
	lit := ""
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			c := closing(s, i)
			if c < 0 || s[c] != '}' {
				return t, errors.New("unclosed {")
			}
			h, err := compileJSONPath(s[i+1:c], depth+1)
			if err != nil {
				return t, fmt.Errorf("{%s}: %w", s[i+1:c], err)
			}
			if h.constant {
				return t, fmt.Errorf("{%s}: a hole cannot hold a constant", s[i+1:c])
			}
			t.lits = append(t.lits, lit)
			t.holes = append(t.holes, h)
			lit = ""
			i = c
		case '}', ']', '[':
			return t, fmt.Errorf("unexpected %q", s[i])
		default:
			lit += string(s[i])
		}
	}
	t.lits = append(t.lits, lit)
	return t, nil
}

// Lookup finds the path's value: from rec, or from root for a path starting
// with "$". ok is false when a member, index or filter matched nothing. A
// constant path returns its text as a string.
func (p *JSONPath) Lookup(root, rec any) (v any, ok bool) {
	if p.constant {
		return p.text[1:], true
	}
	v = rec
	if p.root {
		v = root
	}
	for _, seg := range p.segs {
		if !seg.key.empty() {
			key, ok := seg.key.expand(root, rec)
			if !ok {
				return nil, false
			}
			switch x := v.(type) {
			case map[string]any:
				if v, ok = x[key]; !ok {
					return nil, false
				}
			case []any:
				i, err := strconv.Atoi(key)
				if err != nil || i < 0 || i >= len(x) {
					return nil, false
				}
				v = x[i]
			default:
				return nil, false
			}
		}
		for _, f := range seg.filters {
			want, ok := f.value.expand(root, rec)
			if !ok {
				return nil, false
			}
			list, isList := v.([]any)
			if !isList {
				return nil, false
			}
			found := false
			for _, el := range list {
				if m, isMap := el.(map[string]any); isMap {
					if got, ok := JSONScalar(m[f.field]); ok && got == want {
						v, found = el, true
						break
					}
				}
			}
			if !found {
				return nil, false
			}
		}
	}
	return v, true
}

func (t jsonTmpl) expand(root, rec any) (string, bool) {
	if len(t.holes) == 0 {
		return t.lits[0], true
	}
	var b strings.Builder
	for i, h := range t.holes {
		b.WriteString(t.lits[i])
		v, ok := h.Lookup(root, rec)
		if !ok {
			return "", false
		}
		s, ok := JSONScalar(v)
		if !ok {
			return "", false
		}
		b.WriteString(s)
	}
	b.WriteString(t.lits[len(t.lits)-1])
	return b.String(), true
}

// JSONScalar returns a string, number or boolean as text (a number as
// written). ok is false for null, objects and arrays.
func JSONScalar(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), true
	case bool:
		return strconv.FormatBool(x), true
	}
	return "", false
}

// DecodeJSON decodes one JSON value, keeping numbers as written
// (json.Number). Trailing data after the value is an error.
func DecodeJSON(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("decoding JSON: %v at byte %d", se, se.Offset)
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("decoding JSON: unexpected end of data at byte %d", len(b))
		}
		return nil, fmt.Errorf("decoding JSON: %w", err)
	}
	end := int(dec.InputOffset())
	if rest := bytes.TrimLeft(b[end:], " \t\r\n"); len(rest) > 0 {
		return nil, fmt.Errorf("decoding JSON: data after the value at byte %d", len(b)-len(rest))
	}
	return v, nil
}
