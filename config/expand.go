package config

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// expandNode expands the ${...} references in every scalar value under n.
func expandNode(n *yaml.Node, lookup func(string) (string, bool)) error {
	if n.Kind == yaml.ScalarNode && strings.Contains(n.Value, "$") {
		v, err := Expand([]byte(n.Value), lookup)
		if err != nil {
			// Expand counts lines inside the value; name the value's line instead.
			msg := err.Error()
			if _, rest, ok := strings.Cut(msg, ": "); ok && strings.HasPrefix(msg, "line ") {
				msg = rest
			}
			return fmt.Errorf("line %d: %s", n.Line, msg)
		}
		n.Value = string(v)
		if n.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) == 0 {
			n.Tag = "" // an unquoted value takes the type of what it expanded to: ${RETRIES} → int
		}
	}
	for _, c := range n.Content {
		if err := expandNode(c, lookup); err != nil {
			return err
		}
	}
	return nil
}

// Expand replaces ${NAME} and ${NAME:-default} in raw with values from
// lookup. A reference to an unset variable without a default is an error
// naming the variable and the line, so a typo does not silently become "".
// "$$" stands for a literal "$".
func Expand(raw []byte, lookup func(string) (string, bool)) ([]byte, error) {
	s := string(raw)
	var b strings.Builder
	b.Grow(len(s))
	line := 1
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\n' {
			line++
		}
		if c != '$' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		switch s[i+1] {
		case '$':
			b.WriteByte('$')
			i++
			continue
		case '{':
		default:
			b.WriteByte(c)
			continue
		}
		end := strings.IndexByte(s[i+2:], '}')
		if end < 0 {
			return nil, fmt.Errorf("line %d: unterminated ${", line)
		}
		ref := s[i+2 : i+2+end]
		name, def, hasDef := strings.Cut(ref, ":-")
		if !validVarName(name) {
			return nil, fmt.Errorf("line %d: bad variable reference ${%s}", line, ref)
		}
		val, ok := lookup(name)
		switch {
		case ok && (val != "" || !hasDef):
			b.WriteString(val)
		case hasDef:
			b.WriteString(def)
		default:
			return nil, fmt.Errorf("line %d: environment variable %s is not set (write ${%s:-default} to give a default)", line, name, name)
		}
		i += 2 + end
	}
	return []byte(b.String()), nil
}

func validVarName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		ok := r == '_' || (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z') || (i > 0 && r >= '0' && r <= '9')
		if !ok {
			return false
		}
	}
	return true
}
