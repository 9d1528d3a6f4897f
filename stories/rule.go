// Package stories links the versions of one release: the English and the
// Chinese page of a press release, or the same release published twice,
// become one story with one story_id, so that analysts count each of its
// figures once (the views stories and facts_by_story, migration 0016).
//
// The rule (Rule.Match) is general and has three thresholds:
//
//   - same publisher (Publishers: a source's publisher: key, else the
//     registrable domain of its URL, so en.sasac.gov.cn and
//     www.sasac.gov.cn are both sasac.gov.cn);
//   - publication times at most WindowDays apart;
//   - the multisets of the two articles' (value, kind) pairs, values as
//     stored (the parser scales exactly: "13.33 million" and "1333万" are
//     both 13330000), share at least MinShared pairs, and the shared pairs
//     are at least MinOverlap of the smaller multiset (the overlap
//     coefficient |A ∩ B| / min(|A|, |B|)).
//
// Linking is transitive: a story is a connected group of matching
// versions (Group). Its id is the smallest article_id in it, and its
// versions are ranked: rank 0, the representative, has the most figures
// (then the earliest publication, then the source name, URL and id).
//
// The Linker runs at write time: after a run wrote its new and changed
// articles (and after a reparse) it reads the candidates of the same
// publishers in the date window from the Store, regroups them with the
// stories they already belong to, and writes the links that changed.
package stories

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/newsetl/newsetl/config"
)

// Default thresholds (config stories: window_days, min_shared, min_overlap).
const (
	DefaultWindowDays = 3
	DefaultMinShared  = 3
	DefaultMinOverlap = 0.6
)

// Rule holds the thresholds of Match.
type Rule struct {
	// Window is the largest difference of publication times.
	Window time.Duration
	// MinShared is the least number of shared (value, kind) pairs: two
	// short notes sharing "2023" and "5%" are not one story.
	MinShared int
	// MinOverlap is the least overlap coefficient, in (0, 1].
	MinOverlap float64
}

// DefaultRule is the rule with the default thresholds.
func DefaultRule() Rule {
	return Rule{Window: DefaultWindowDays * 24 * time.Hour, MinShared: DefaultMinShared, MinOverlap: DefaultMinOverlap}
}

// RuleFrom reads the thresholds of a config file's stories: section; a
// zero value takes its default. Out-of-range values are errors.
func RuleFrom(c config.Stories) (Rule, error) {
	r := DefaultRule()
	if c.WindowDays < 0 || c.MinShared < 0 || c.MinOverlap < 0 || c.MinOverlap > 1 || math.IsNaN(c.MinOverlap) {
		return r, fmt.Errorf("stories: window_days %d, min_shared %d, min_overlap %g: want window_days ≥ 0, min_shared ≥ 0 and min_overlap in [0, 1]",
			c.WindowDays, c.MinShared, c.MinOverlap)
	}
	if c.WindowDays > 0 {
		r.Window = time.Duration(c.WindowDays) * 24 * time.Hour
	}
	if c.MinShared > 0 {
		r.MinShared = c.MinShared
	}
	if c.MinOverlap > 0 {
		r.MinOverlap = c.MinOverlap
	}
	return r, nil
}

// String names the thresholds, as story_links.rule records them.
func (r Rule) String() string {
	return fmt.Sprintf("window=%gd min_shared=%d min_overlap=%g", r.Window.Hours()/24, r.MinShared, r.MinOverlap)
}

// Figure is what the rule compares of a fact: its value as stored and its
// kind (count, percent, amount, ratio, number).
type Figure struct {
	Value float64
	Kind  string
}

// entry is one distinct (value, kind) pair of a Multiset and how many
// times it is written.
type entry struct {
	value float64
	kind  string
	n     int
}

// Multiset counts an article's figures by (value, kind), sorted for a
// merge. NaN and infinite values are left out (they equal nothing); -0 is 0.
type Multiset struct {
	entries []entry
	size    int
}

// NewMultiset counts figs.
func NewMultiset(figs []Figure) Multiset {
	es := make([]entry, 0, len(figs))
	for _, f := range figs {
		if math.IsNaN(f.Value) || math.IsInf(f.Value, 0) {
			continue
		}
		v := f.Value
		if v == 0 {
			v = 0 // -0
		}
		es = append(es, entry{v, f.Kind, 1})
	}
	sort.Slice(es, func(i, j int) bool { return less(es[i], es[j]) })
	m := Multiset{size: len(es)}
	for _, e := range es {
		if k := len(m.entries); k > 0 && m.entries[k-1].value == e.value && m.entries[k-1].kind == e.kind {
			m.entries[k-1].n++
			continue
		}
		m.entries = append(m.entries, e)
	}
	return m
}

func less(a, b entry) bool {
	if a.value != b.value {
		return a.value < b.value
	}
	return a.kind < b.kind
}

// Len is the number of figures counted.
func (m Multiset) Len() int { return m.size }

// Overlap returns the size of the multiset intersection of a and b (a pair
// written twice in both counts twice) and the overlap coefficient
// shared / min(|a|, |b|), 0 when either is empty.
func Overlap(a, b Multiset) (shared int, coefficient float64) {
	if a.size == 0 || b.size == 0 {
		return 0, 0
	}
	for i, j := 0, 0; i < len(a.entries) && j < len(b.entries); {
		x, y := &a.entries[i], &b.entries[j]
		switch {
		case x.value == y.value && x.kind == y.kind:
			shared += min(x.n, y.n)
			i++
			j++
		case less(*x, *y):
			i++
		default:
			j++
		}
	}
	return shared, float64(shared) / float64(min(a.size, b.size))
}

// Match reports whether a and b, published at ta and tb by the same
// publisher, are versions of one release, with their shared pairs and
// overlap coefficient.
func (r Rule) Match(ta time.Time, a Multiset, tb time.Time, b Multiset) (shared int, coefficient float64, ok bool) {
	if undated(ta) || undated(tb) {
		return 0, 0, false // a version without a date is a story of its own
	}
	d := ta.Sub(tb)
	if d < 0 {
		d = -d
	}
	if d > r.Window {
		return 0, 0, false
	}
	shared, coefficient = Overlap(a, b)
	minShared := max(r.MinShared, 1)
	return shared, coefficient, shared >= minShared && coefficient >= r.MinOverlap
}

// undated reports whether t is no publication time: zero, or the Unix
// epoch a DateTime column holds for it.
func undated(t time.Time) bool { return t.IsZero() || t.Unix() <= 0 }
