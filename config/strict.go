package config

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// DecodeStrict decodes n into v (a pointer to a struct) and fails on any key
// that v has no field for, naming the key and its line. Fields tagged
// `required:"true"` must be present and non-empty.
func DecodeStrict(n *yaml.Node, v any) error {
	if n == nil {
		return nil
	}
	t := reflect.TypeOf(v)
	if t.Kind() != reflect.Pointer {
		return fmt.Errorf("DecodeStrict needs a pointer, got %T", v)
	}
	if err := checkKeys(n, t.Elem(), ""); err != nil {
		return err
	}
	if err := n.Decode(v); err != nil {
		return err
	}
	return checkRequired(n, reflect.ValueOf(v).Elem(), "")
}

// yamlField is one key of a struct as yaml sees it; fields of `,inline`
// structs count as keys of the outer struct.
type yamlField struct {
	name  string
	field reflect.StructField
	index []int // for reflect.Value.FieldByIndex
}

func yamlFieldList(t reflect.Type, prefix []int) []yamlField {
	var out []yamlField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" {
			continue
		}
		index := append(append([]int(nil), prefix...), i)
		if opts == "inline" && f.Type.Kind() == reflect.Struct {
			out = append(out, yamlFieldList(f.Type, index)...)
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		out = append(out, yamlField{name: name, field: f, index: index})
	}
	return out
}

// yamlFields maps the yaml keys of struct type t to their fields.
func yamlFields(t reflect.Type) map[string]reflect.StructField {
	out := map[string]reflect.StructField{}
	for _, f := range yamlFieldList(t, nil) {
		out[f.name] = f.field
	}
	return out
}

func checkKeys(n *yaml.Node, t reflect.Type, path string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case n.Kind == yaml.AliasNode:
		return checkKeys(n.Alias, t, path)
	case t.Kind() == reflect.Struct && n.Kind == yaml.MappingNode:
		if t.PkgPath() == "time" {
			return nil
		}
		fields := yamlFields(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := n.Content[i]
			f, ok := fields[key.Value]
			if !ok {
				return fmt.Errorf("line %d: unknown key %q (known: %s)", key.Line, join(path, key.Value), knownKeys(fields))
			}
			if err := checkKeys(n.Content[i+1], f.Type, join(path, key.Value)); err != nil {
				return err
			}
		}
	case (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) && n.Kind == yaml.SequenceNode:
		for _, c := range n.Content {
			if err := checkKeys(c, t.Elem(), path+"[]"); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkRequired(n *yaml.Node, v reflect.Value, path string) error {
	if v.Kind() != reflect.Struct {
		return nil
	}
	for _, f := range yamlFieldList(v.Type(), nil) {
		fv := v.FieldByIndex(f.index)
		if f.field.Tag.Get("required") == "true" && fv.IsZero() {
			return fmt.Errorf("line %d: missing required key %q", n.Line, join(path, f.name))
		}
		if fv.Kind() == reflect.Struct && fv.Type().PkgPath() != "time" {
			if err := checkRequired(n, fv, join(path, f.name)); err != nil {
				return err
			}
		}
	}
	return nil
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func knownKeys(m map[string]reflect.StructField) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, ", ")
}
