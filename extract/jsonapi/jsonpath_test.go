package jsonapi

import (
	"encoding/json"
	"testing"
)

const nbsReply = `{"returndata":{"datanodes":[
 {"code":"zb.A01_sj.2021","data":{"data":12.5,"hasdata":true,"strdata":"12.5"},"wds":[{"wdcode":"zb","valuecode":"A01"},{"wdcode":"sj","valuecode":"2021"}]},
 {"code":"zb.A02_sj.2021","data":{"data":0,"hasdata":false,"strdata":""},"wds":[{"wdcode":"zb","valuecode":"A02"},{"wdcode":"sj","valuecode":"2021"}]}],
 "wdnodes":[{"wdcode":"zb","nodes":[{"code":"A01","cname":"收入","unit":"元"},{"code":"A02","cname":"支出","unit":"亿元"}]},
            {"wdcode":"sj","nodes":[{"code":"2021","cname":"2021年"}]}]},
 "list":[10,[1,2,{"a.b":1}]]}`

func TestJSONPathLookup(t *testing.T) {
	doc, err := DecodeJSON([]byte(nbsReply))
	if err != nil {
		t.Fatal(err)
	}
	recs, _ := doc.(map[string]any)["returndata"].(map[string]any)["datanodes"].([]any)
	rec := recs[1]
	cases := []struct {
		path string
		want any // nil: not found
	}{
		{"code", "zb.A02_sj.2021"},
		{"data.hasdata", "false"},
		{"data.data", "0"},
		{"wds[wdcode=zb].valuecode", "A02"},
		{"wds.1.valuecode", "2021"},
		{"wds[wdcode=reg].valuecode", nil},
		{"wds[wdcode=reg].valuecode?", nil},
		{"$.returndata.wdnodes[wdcode=zb].nodes[code={wds[wdcode=zb].valuecode}].unit", "亿元"},
		{"$.returndata.wdnodes[wdcode=sj].nodes[code={wds[wdcode=sj].valuecode}].cname", "2021年"},
		{"$.returndata.wdnodes[wdcode=zb].nodes[code=A{data.hasdata}]", nil},
		{"$.list.1.2", "object"},
		{"$.list.0", "10"},
		{"$.list.0.x", nil},
		{"$.list.5", nil},
		{"$.list.-1", nil},
		{"data.data.x", nil},
		{"=亿元", "亿元"},
		{"", "object"},
		{"$", "object"},
	}
	for _, c := range cases {
		p, err := CompileJSONPath(c.path)
		if err != nil {
			t.Errorf("CompileJSONPath(%q): %v", c.path, err)
			continue
		}
		v, ok := p.Lookup(doc, rec)
		var got any
		if ok {
			if s, isScalar := JSONScalar(v); isScalar {
				got = s
			} else {
				got = "object"
			}
		}
		if got != c.want {
			t.Errorf("Lookup(%q) = %v (found %v), want %v", c.path, got, ok, c.want)
		}
	}
}

func TestJSONPathCompileErrors(t *testing.T) {
	for _, s := range []string{"a..b", "a.", ".a", "a[b", "a[b=c", "a]", "a[=c]", "a[b]", "a{b", "a.{b}}", "a[b=c]x", "a[b=c[d]]", "a{=x}", "{{{{{{{{{{a}}}}}}}}}}"} {
		if _, err := CompileJSONPath(s); err == nil {
			t.Errorf("CompileJSONPath(%q) compiled, want an error", s)
		}
	}
}

func TestDecodeJSON(t *testing.T) {
	v, err := DecodeJSON([]byte(` [1.50, "x"] `))
	if err != nil {
		t.Fatal(err)
	}
	if n := v.([]any)[0].(json.Number); n.String() != "1.50" {
		t.Errorf("number kept as %q, want as written", n)
	}
	for in, want := range map[string]string{
		`[1,]`:     "decoding JSON: invalid character ']' looking for beginning of value at byte 4",
		`[1`:       "decoding JSON: unexpected end of data at byte 2",
		``:         "decoding JSON: unexpected end of data at byte 0",
		`[1] [2]`:  "decoding JSON: data after the value at byte 4",
		`{"a":1}x`: "decoding JSON: data after the value at byte 7",
	} {
		if _, err := DecodeJSON([]byte(in)); err == nil || err.Error() != want {
			t.Errorf("DecodeJSON(%q) = %v, want %q", in, err, want)
		}
	}
}

// The path language and the decoder never panic, whatever the path and
// the reply.
func FuzzJSONPath(f *testing.F) {
	f.Add("$.returndata.wdnodes[wdcode=zb].nodes[code={wds[wdcode=zb].valuecode}].unit", nbsReply)
	f.Add("1.0.indicator.id", `[{"pages":2},[{"indicator":{"id":"X"}}]]`)
	f.Add("a[b={c}]?", `{"a":[{"b":"1"}],"c":1}`)
	f.Add("=x", `null`)
	f.Fuzz(func(t *testing.T, path, reply string) {
		doc, err := DecodeJSON([]byte(reply))
		p, perr := CompileJSONPath(path)
		if perr != nil {
			return
		}
		if err == nil {
			p.Lookup(doc, doc)
			if l, ok := doc.([]any); ok && len(l) > 0 {
				p.Lookup(doc, l[0])
			}
		}
		m := &JSONMapping{Records: p, IndicatorCode: p, Period: p, Value: p, Unit: p, Dims: []JSONDim{{"d", p}}, MissingWhen: p}
		if err == nil {
			m.Observations(doc, JSONMeta{})
		}
	})
}
