package stories

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

func version(id uint64, pub string, days int, figs []Figure) Version {
	return Version{ArticleID: id, Publisher: pub, PublishedAt: day0.AddDate(0, 0, days), Figures: NewMultiset(figs)}
}

// stories renders Group's result as id→story:rank.
func storiesOf(links []Link) string {
	out := ""
	for _, l := range links {
		out += fmt.Sprintf("%d→%d:%d ", l.ArticleID, l.StoryID, l.Rank)
	}
	return out
}

func TestGroup(t *testing.T) {
	longer := join(sasacRelease, c(8, 9))
	// A chain: a ~ b and b ~ c, but a and c share too little.
	chainA := c(1, 2, 3, 4, 5)
	chainB := c(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
	chainC := c(6, 7, 8, 9, 10, 11)
	for _, tc := range []struct {
		name string
		vs   []Version
		want string
	}{
		{"English and Chinese versions: one story, its id the smaller, the longer version first",
			[]Version{version(30, "sasac.gov.cn", 0, sasacRelease), version(20, "sasac.gov.cn", 1, longer)},
			"30→20:1 20→20:0 "},
		{"equal sizes: the earlier first",
			[]Version{version(30, "sasac.gov.cn", 0, sasacRelease), version(20, "sasac.gov.cn", 1, sasacRelease)},
			"30→20:0 20→20:1 "},
		{"another publisher with the same figures stays apart",
			[]Version{version(30, "sasac.gov.cn", 0, sasacRelease), version(20, "chinadaily.com.cn", 0, sasacRelease)},
			"30→30:0 20→20:0 "},
		{"outside the window stays apart",
			[]Version{version(30, "sasac.gov.cn", 0, sasacRelease), version(20, "sasac.gov.cn", 4, sasacRelease)},
			"30→30:0 20→20:0 "},
		{"a chain is one story",
			[]Version{version(1, "p", 0, chainA), version(2, "p", 0, chainB), version(3, "p", 0, chainC)},
			"1→1:2 2→1:0 3→1:1 "},
		{"the same release repeated three times",
			[]Version{version(9, "p", 0, sasacRelease), version(8, "p", 2, sasacRelease), version(7, "p", 1, sasacRelease)},
			"9→7:0 8→7:2 7→7:1 "},
		{"a version alone", []Version{version(5, "p", 0, c(1, 2, 3))}, "5→5:0 "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := storiesOf(Group(tc.vs, DefaultRule())); got != tc.want {
				t.Errorf("Group = %s\nwant    %s", got, tc.want)
			}
		})
	}
}

// TestGroupIgnoresOrder shuffles a set of versions: the stories, their
// ids and ranks and each version's closest match do not change.
func TestGroupIgnoresOrder(t *testing.T) {
	vs := []Version{
		version(30, "a", 0, sasacRelease), version(20, "a", 1, join(sasacRelease, c(8))),
		version(40, "a", 0, c(1, 2, 3, 4)), version(41, "a", 2, c(1, 2, 3, 5)),
		version(50, "b", 0, sasacRelease), version(60, "a", 0, c(2023)),
	}
	want := map[uint64]Link{}
	for _, l := range Group(vs, DefaultRule()) {
		want[l.ArticleID] = l
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		r.Shuffle(len(vs), func(i, j int) { vs[i], vs[j] = vs[j], vs[i] })
		for _, l := range Group(vs, DefaultRule()) {
			if want[l.ArticleID] != l {
				t.Fatalf("order changed the link of %d: %+v, want %+v", l.ArticleID, l, want[l.ArticleID])
			}
		}
	}
	if want[20].StoryID != 20 || want[30].StoryID != 20 || want[40].StoryID != 40 || want[41].StoryID != 40 || want[50].StoryID != 50 {
		t.Errorf("stories: %+v", want)
	}
	if want[30].Shared != 12 || want[30].Overlap != 1 || want[60].Shared != 0 {
		t.Errorf("closest matches: 30 %+v, 60 %+v", want[30], want[60])
	}
}

func BenchmarkGroup(b *testing.B) {
	// A week of a busy publisher: 2000 versions (about 290 a day), 12
	// figures each, a third of them small numbers many releases write (1
	// to 50), the rest drawn from 100000 values; every tenth version is a
	// translation of the one before. With a 3-day window about 1.2 million
	// pairs are compared.
	r := rand.New(rand.NewPCG(3, 4))
	vs := make([]Version, 2000)
	var prev []Figure
	for i := range vs {
		figs := make([]Figure, 12)
		for j := range figs {
			if j < 4 {
				figs[j] = Figure{Value: float64(1 + r.IntN(50)), Kind: "count"}
			} else {
				figs[j] = Figure{Value: float64(r.IntN(100000)), Kind: "count"}
			}
		}
		if i%10 == 9 {
			figs = prev
		}
		prev = figs
		vs[i] = Version{ArticleID: uint64(i + 1), Publisher: "p", PublishedAt: day0.Add(time.Duration(r.IntN(7*24)) * time.Hour), Figures: NewMultiset(figs)}
	}
	b.ResetTimer()
	for range b.N {
		Group(vs, DefaultRule())
	}
}

// bruteStories groups vs by comparing every pair with Rule.Match: the
// definition Group must answer (story id of each version).
func bruteStories(vs []Version, r Rule) []uint64 {
	story := make([]uint64, len(vs))
	for i := range vs {
		story[i] = vs[i].ArticleID
	}
	for changed := true; changed; { // propagate the smallest id through matching pairs
		changed = false
		for i := range vs {
			for j := range vs {
				if i == j || vs[i].Publisher != vs[j].Publisher || vs[i].ArticleID == vs[j].ArticleID {
					continue
				}
				if _, _, ok := r.Match(vs[i].PublishedAt, vs[i].Figures, vs[j].PublishedAt, vs[j].Figures); ok && story[j] < story[i] {
					story[i], changed = story[j], true
				}
			}
		}
	}
	return story
}

// randomVersions draws versions from data: few publishers, days and
// values, so that pairs match, chains form and some are undated.
func randomVersions(data []byte) []Version {
	var vs []Version
	for len(data) >= 3 {
		head, nf := data[0], int(data[1]%9)
		data = data[2:]
		nf = min(nf, len(data))
		figs := make([]Figure, nf)
		for k := range nf {
			kind := "count"
			if data[k]&1 == 1 {
				kind = "percent"
			}
			figs[k] = Figure{Value: float64(data[k] >> 5), Kind: kind}
		}
		data = data[nf:]
		at := day0.Add(time.Duration(head>>2) * 6 * time.Hour)
		if head>>2 == 63 {
			at = time.Time{}
		}
		vs = append(vs, Version{ArticleID: uint64(len(vs)*7%11 + 1), Publisher: string('a' + rune(head&1)), PublishedAt: at, Figures: NewMultiset(figs)})
	}
	return vs
}

func checkGroupAgainstBrute(t *testing.T, vs []Version) {
	t.Helper()
	want := bruteStories(vs, DefaultRule())
	for i, l := range Group(vs, DefaultRule()) {
		if l.StoryID != want[i] {
			t.Fatalf("version %d (id %d): Group says story %d, pairwise Match %d", i, vs[i].ArticleID, l.StoryID, want[i])
		}
	}
}

// TestGroupAnswersPairwiseMatch checks the indexed Group against every
// pair compared with Match, on random versions.
func TestGroupAnswersPairwiseMatch(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	linked, alone := 0, 0
	for range 300 {
		data := make([]byte, 20+r.IntN(120))
		for i := range data {
			data[i] = byte(r.UintN(256))
		}
		vs := randomVersions(data)
		checkGroupAgainstBrute(t, vs)
		for _, l := range Group(vs, DefaultRule()) {
			if l.Shared > 0 {
				linked++
			} else {
				alone++
			}
		}
	}
	if linked < 100 || alone < 100 {
		t.Errorf("the random versions gave %d linked and %d alone: too few of either to test Group", linked, alone)
	}
}

// FuzzGroup: Group never panics and answers what pairwise Match answers.
func FuzzGroup(f *testing.F) {
	f.Add([]byte{0, 5, 1, 2, 3, 4, 5, 4, 5, 1, 2, 3, 4, 6})
	f.Add([]byte{255, 3, 9, 9, 9, 252, 3, 9, 9, 9})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 600 {
			return
		}
		checkGroupAgainstBrute(t, randomVersions(data))
	})
}
