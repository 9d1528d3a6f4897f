package stories

import (
	"sort"
	"time"
)

// Version is an article version as the linker sees it.
type Version struct {
	ArticleID   uint64
	Source      string
	URL         string
	Publisher   string
	PublishedAt time.Time
	Figures     Multiset
}

// Link is the story Group put a version in.
type Link struct {
	ArticleID uint64
	StoryID   uint64
	Publisher string
	Rank      uint32
	Shared    uint32  // pairs shared with its closest matching version; 0 alone
	Overlap   float64 // overlap coefficient with that version; 0 alone
}

// Group links vs into stories by r: versions of the same publisher that
// match (Rule.Match) are in one story, and so, transitively, is every
// version matching one of them. It returns one Link per version, in the
// order of vs. The result depends only on the versions, not on their order.
func Group(vs []Version, r Rule) []Link {
	n := len(vs)
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	best := make([]Link, n)
	link := func(i, j, shared int, coef float64) {
		if ri, rj := find(i), find(j); ri != rj {
			parent[ri] = rj
		}
		for _, k := range [2]int{i, j} {
			if better(shared, coef, best[k]) {
				best[k].Shared, best[k].Overlap = uint32(shared), coef
			}
		}
	}
	// Versions in (publisher, time) order; each is compared with the
	// earlier versions of its publisher inside the window that share a
	// pair with it, found through an index of pairs → versions (the
	// postings of a pair are in time order, so the ones that left the
	// window are skipped from the front). shared[j] sums min(count in i,
	// count in j) over the pairs: the size of the multiset intersection,
	// as Overlap computes it.
	order := make([]int, 0, n)
	for i := range vs {
		if !undated(vs[i].PublishedAt) { // a version without a date is a story of its own
			order = append(order, i)
		}
	}
	sort.Slice(order, func(a, b int) bool {
		x, y := &vs[order[a]], &vs[order[b]]
		if x.Publisher != y.Publisher {
			return x.Publisher < y.Publisher
		}
		if !x.PublishedAt.Equal(y.PublishedAt) {
			return x.PublishedAt.Before(y.PublishedAt)
		}
		return x.ArticleID < y.ArticleID
	})
	type posting struct{ idx, n int }
	type postings struct {
		items []posting
		start int
	}
	type pairKey struct {
		value float64
		kind  string
	}
	var index map[pairKey]*postings
	shared := make([]int, n)
	var touched []int
	minShared := max(r.MinShared, 1)
	for oi, i := range order {
		a := &vs[i]
		if oi == 0 || vs[order[oi-1]].Publisher != a.Publisher {
			index = map[pairKey]*postings{}
		}
		touched = touched[:0]
		for _, e := range a.Figures.entries {
			k := pairKey{e.value, e.kind}
			p := index[k]
			if p == nil {
				p = &postings{}
				index[k] = p
			}
			for p.start < len(p.items) && a.PublishedAt.Sub(vs[p.items[p.start].idx].PublishedAt) > r.Window {
				p.start++
			}
			for _, q := range p.items[p.start:] {
				if shared[q.idx] == 0 {
					touched = append(touched, q.idx)
				}
				shared[q.idx] += min(e.n, q.n)
			}
			p.items = append(p.items, posting{i, e.n})
		}
		for _, j := range touched {
			s := shared[j]
			shared[j] = 0
			if vs[j].ArticleID == a.ArticleID || s < minShared {
				continue
			}
			coef := float64(s) / float64(min(a.Figures.Len(), vs[j].Figures.Len()))
			if coef >= r.MinOverlap {
				link(i, j, s, coef)
			}
		}
	}
	groups := map[int][]int{}
	for i := range vs {
		root := find(i)
		groups[root] = append(groups[root], i)
	}
	out := make([]Link, n)
	for _, members := range groups {
		sort.Slice(members, func(a, b int) bool { return representativeFirst(&vs[members[a]], &vs[members[b]]) })
		story := vs[members[0]].ArticleID
		for _, m := range members {
			story = min(story, vs[m].ArticleID)
		}
		for rank, m := range members {
			out[m] = Link{ArticleID: vs[m].ArticleID, StoryID: story, Publisher: vs[m].Publisher, Rank: uint32(rank),
				Shared: best[m].Shared, Overlap: best[m].Overlap}
		}
	}
	return out
}

// better reports whether a match (shared, coef) is closer than what l holds.
func better(shared int, coef float64, l Link) bool {
	if coef != l.Overlap {
		return coef > l.Overlap
	}
	return uint32(shared) > l.Shared
}

// representativeFirst orders a story's versions: the most figures first,
// then the earliest published, then by source name and URL (so that the
// order does not hang on the ids, hashes of URLs), then the smallest id.
func representativeFirst(a, b *Version) bool {
	if a.Figures.Len() != b.Figures.Len() {
		return a.Figures.Len() > b.Figures.Len()
	}
	if !a.PublishedAt.Equal(b.PublishedAt) {
		return a.PublishedAt.Before(b.PublishedAt)
	}
	if a.Source != b.Source {
		return a.Source < b.Source
	}
	if a.URL != b.URL {
		return a.URL < b.URL
	}
	return a.ArticleID < b.ArticleID
}
