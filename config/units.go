package config

import (
	"fmt"

	"go.yaml.in/yaml/v3"
)

// Unit is what a unit text means: the unit stored and the multiplier
// applied to the written numbers (0 means 1).
type Unit struct {
	Unit  string  `yaml:"unit"`
	Scale float64 `yaml:"scale"`
}

// Units maps unit texts as sources write them ("EUR million", "万元") to
// their meaning: the file's top-level units: key, shared by every
// statistics source.
type Units map[string]Unit

// UnmarshalYAML decodes each entry strictly (unknown keys are errors) and
// checks the scales.
func (u *Units) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: units must be a mapping of unit text to {unit, scale}", n.Line)
	}
	m := Units{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		var x Unit
		if err := DecodeStrict(val, &x); err != nil {
			return fmt.Errorf("units.%s: %w", key.Value, err)
		}
		if x.Scale < 0 {
			return fmt.Errorf("line %d: units.%s: scale %g must not be negative", val.Line, key.Value, x.Scale)
		}
		m[key.Value] = x
	}
	*u = m
	return nil
}
